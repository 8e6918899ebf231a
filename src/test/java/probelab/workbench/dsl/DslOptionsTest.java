package probelab.workbench.dsl;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every DSL function's documented options are exactly the ones it accepts: each function
 * that takes named options ({@code opts}) names its options record in {@code @Doc}, checks
 * the names it is given against that record before it does anything else, and its error
 * lists that record's components, no more and no fewer. {@code :help NAME} prints the same
 * record, so help, errors and behaviour cannot drift apart.
 */
class DslOptionsTest {
    private static final String BOGUS = "noSuchOption";

    @Test
    void everyPublicDslFunctionIsDocumented() {
        List<String> missing = new ArrayList<>();
        for (Class<?> f : Dsl.FACADES) {
            for (Method m : f.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && !Dsl.index().containsKey(m.getName())) {
                    missing.add(f.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals(List.of(), missing, "public DSL functions without @Doc are missing from :help and completion");
    }

    @Test
    void everyFunctionAcceptsExactlyTheOptionsItDocuments() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Class<?> f : Dsl.FACADES) {
            for (Method m : f.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) continue;
                Parameter[] ps = m.getParameters();
                if (ps.length == 0 || !Map.class.isAssignableFrom(ps[0].getType()) || !ps[0].getName().equals("opts")) continue;
                String where = f.getSimpleName() + "." + m.getName() + Arrays.toString(m.getParameterTypes());
                Dsl.Entry e = Dsl.index().get(m.getName());
                if (e == null || !e.options().isRecord()) {
                    problems.add(where + " takes named options but documents no options record");
                    continue;
                }
                Set<String> documented = new TreeSet<>();
                for (RecordComponent c : e.options().getRecordComponents()) documented.add(c.getName());
                Object[] args = new Object[ps.length];
                args[0] = Map.of(BOGUS, 1);
                for (int i = 1; i < ps.length; i++) args[i] = zero(ps[i].getType());
                Throwable thrown;
                try {
                    m.invoke(null, args);
                    problems.add(where + " accepted the unknown option '" + BOGUS + "'");
                    continue;
                } catch (InvocationTargetException ex) {
                    thrown = ex.getCause();
                }
                String msg = String.valueOf(thrown.getMessage());
                String expectStart = "unknown option '" + BOGUS + "' for " + m.getName() + "; valid options: ";
                if (!(thrown instanceof IllegalArgumentException) || !msg.startsWith(expectStart)) {
                    problems.add(where + " did not check its options first: " + thrown.getClass().getSimpleName() + ": " + msg);
                    continue;
                }
                Set<String> accepted = new TreeSet<>();
                for (String item : msg.substring(expectStart.length()).split(", ")) accepted.add(item.replaceFirst(" \\(.*", ""));
                if (!accepted.equals(documented)) problems.add(where + " accepts " + accepted + " but documents " + documented);
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 40, "checked " + checked + " functions");
    }

    /** The examples from the report: scatter lists color and classes and not bins; plot does not list bins. */
    @Test
    void scatterAndPlotListTheirOwnOptions() {
        var e = assertThrows(IllegalArgumentException.class, () -> PlotDsl.scatter(Map.of("colr", 1), new double[][] {{0, 0}}));
        assertTrue(e.getMessage().contains("color (") && e.getMessage().contains("classes ("), e.getMessage());
        assertFalse(e.getMessage().contains("bins"), e.getMessage());
        var p = assertThrows(IllegalArgumentException.class, () -> PlotDsl.plot(Map.of("bins", 3), new double[] {1, 2}));
        assertTrue(p.getMessage().startsWith("unknown option 'bins' for plot"), p.getMessage());
        var h = new LinkedHashSet<>(List.of(Dsl.index().get("voteEntropySampling").topic(), Dsl.index().get("maxDisagreementSampling").topic()));
        assertEquals(Set.of("active"), h, "committee strategies are in help and completion");
    }

    private static Object zero(Class<?> t) {
        if (t == int.class) return 0;
        if (t == long.class) return 0L;
        if (t == double.class) return 0.0;
        if (t == float.class) return 0f;
        if (t == boolean.class) return false;
        return null;
    }
}
