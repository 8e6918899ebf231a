package probelab.util;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import probelab.rl.Dqn;

class OptionsTest {

    @Test
    void overridesCoerceGroovyValues() {
        Dqn.Options o = Options.apply(Dqn.Options.DEFAULTS,
                Map.of("lr", new BigDecimal("0.05"), "hidden", List.of(64, 32), "optimizer", "adam", "batch", 32L), "dqn");
        assertEquals(0.05, o.lr());
        assertArrayEquals(new int[] {64, 32}, o.hidden());
        assertEquals(probelab.optim.Optimizer.Kind.ADAM, o.optimizer());
        assertEquals(32, o.batch());
        assertEquals(0.9, o.gamma(), "untouched options keep the defaults");
    }

    @Test
    void badValuesSayWhatWasExpected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Options.apply(Dqn.Options.DEFAULTS, Map.of("optimizer", "lbfgs"), "dqn"));
        assertTrue(e.getMessage().contains("expects sgd|adam|rmsprop, got String \"lbfgs\""), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> Options.apply(Dqn.Options.DEFAULTS, Map.of("batch", 2.5), "dqn"));
        assertTrue(e2.getMessage().contains("expects integer"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> Options.apply(Dqn.Options.DEFAULTS, Map.of("gamma", 1.5), "dqn"));
        assertTrue(e3.getMessage().contains("gamma must be in [0, 1]"), e3.getMessage());
    }

    @Test
    void mapRoundTrip() {
        Dqn.Options o = Options.apply(Dqn.Options.DEFAULTS, Map.of("targetSync", 100, "doubleDqn", true), "dqn");
        Map<String, Object> m = Options.toMap(o);
        assertEquals("sgd", m.get("optimizer"));
        Dqn.Options back = Options.fromMap(Dqn.Options.DEFAULTS, Json.readMap(Json.write(m)), "file");
        assertEquals(Options.toMap(o), Options.toMap(back));
    }
}
