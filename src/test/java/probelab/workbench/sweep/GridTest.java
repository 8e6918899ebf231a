package probelab.workbench.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grid's syntax, its cells and folder names; the flags a script declares; the DSL's options. */
class GridTest {
    @Test
    void parsesRangesAndListsIntoRowMajorCells() {
        Grid g = Grid.parse(List.of("seed=1..3", "agent=td3,sac"));
        assertEquals(6, g.size());
        List<Grid.Cell> cells = g.cells();
        assertEquals(Map.of("seed", "1", "agent", "sac"), cells.get(1).values());
        assertEquals("seed-1_agent-sac", cells.get(1).folder());
        assertEquals(List.of("--seed", "3", "--agent", "td3"), cells.get(4).args());
        assertEquals("seed=3, agent=td3", cells.get(4).label());
        // awkward values get a folder name that is still one path element, and unique
        Grid odd = Grid.parse(List.of("path=a/b,a~b"));
        List<Grid.Cell> oc = odd.cells();
        assertEquals("path-a~b", oc.get(0).folder());
        assertEquals("path-a~b-1", oc.get(1).folder());
    }

    @Test
    void refusesMalformedAxesWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed"))).getMessage().contains("name=1..5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed=5..1"))).getMessage().contains("counts down"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed=1,,2"))).getMessage().contains("empty value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed=1", "seed=2"))).getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("seed=1,1"))).getMessage().contains("repeats"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of("my-seed=1"))).getMessage().contains("not a flag name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Grid.parse(List.of())).getMessage().contains("needs a grid"));
    }

    @Test
    void readsTheFlagsAScriptDeclaresWithoutRunningIt() {
        Map<String, Object> f = ScriptFlags.declared("""
                import probelab.studies.relegator.*
                throw new IllegalStateException('never runs')
                def opts = parseArgs(args, [episodes: 1000, lr: 0.5, name: 'x', fast: true, shift: -2, list: [1, 2]])
                """, "demo.groovy");
        assertEquals(List.of("episodes", "lr", "name", "fast", "shift", "list"), List.copyOf(f.keySet()));
        assertEquals(1000, f.get("episodes"));
        assertEquals(0.5, f.get("lr"));
        assertEquals(true, f.get("fast"));
        assertEquals(-2, f.get("shift"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ScriptFlags.declared("println 1", "plain.groovy"));
        assertTrue(none.getMessage().contains("plain.groovy declares no flags"), none.getMessage());
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class, () -> ScriptFlags.declared("def x = ", "broken.groovy"));
        assertTrue(broken.getMessage().startsWith("broken.groovy does not compile"), broken.getMessage());
    }

    @Test
    void takesGroovysNamedArguments() {
        Sweep.Options o = Sweep.Options.from(Map.of("grid", Map.of("seed", List.of(1, 2, 3)), "over", "seed",
                "args", Map.of("episodes", 300), "master", "local[1]"));
        assertEquals(List.of("1", "2", "3"), o.grid().axes().get("seed"));
        assertEquals(List.of("seed"), o.over());
        assertEquals(List.of("--episodes", "300"), o.args());
        assertEquals("local[1]", o.master());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.Options.from(Map.of("grid", Map.of("seed", 1), "mastr", "x")));
        assertTrue(e.getMessage().contains("unknown option 'mastr' for sweep"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sweep.Options.from(Map.of("master", "local"))).getMessage().contains("needs grid"));
    }
}
