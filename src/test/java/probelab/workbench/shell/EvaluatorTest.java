package probelab.workbench.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    @Test
    void declaredVariablesPersistAcrossEvaluations() {
        Evaluator ev = new Evaluator();
        ev.eval("def x = 41");
        ev.eval("int y = 1");
        ev.eval("String s = 'a'");
        ev.eval("def (p, q) = [3, 4]");
        assertEquals(42, ev.eval("x + y"));
        assertEquals("a7", ev.eval("s + (p + q)"));
        ev.eval("def unset");
        assertNull(ev.eval("unset"));
    }

    @Test
    void methodsPersistAndRecurse() {
        Evaluator ev = new Evaluator();
        ev.eval("def fact(n) { n <= 1 ? 1 : n * fact(n - 1) }");
        assertEquals(120, ev.eval("fact(5)"));
    }

    @Test
    void nestedDeclarationsStayLocal() {
        Evaluator ev = new Evaluator();
        ev.eval("if (true) { def inner = 1 }");
        assertFalse(ev.variables().containsKey("inner"));
    }

    @Test
    void classesDefinedEarlierAreUsableLater() {
        Evaluator ev = new Evaluator();
        ev.eval("class Point { int x; int y; int sum() { x + y } }");
        assertEquals(5, ev.eval("new Point(x: 2, y: 3).sum()"));
    }

    @Test
    void dslIsImported() {
        Evaluator ev = new Evaluator();
        assertEquals(100, ev.eval("catchGame().reset(1).observation.length"));
        assertEquals(9, ev.eval("def e = catchGame(); e.reset(1); def n = 0; while (!e.step(1).terminated) n++; n + 1"));
    }

    @Test
    void errorsCarryTheScriptLine() {
        Evaluator ev = new Evaluator();
        Throwable t = assertThrows(Throwable.class, () -> ev.eval("def a = 1\nnoSuchThing + 1"));
        String msg = Printer.error(t, ev.lastScriptName());
        assertTrue(msg.startsWith("error: MissingPropertyException"), msg);
        assertTrue(msg.endsWith("(line 2)"), msg);
        Throwable s = assertThrows(Throwable.class, () -> ev.eval("def = = ]"));
        assertTrue(Printer.error(s, ev.lastScriptName()).startsWith("syntax error:"), Printer.error(s, null));
        assertEquals(2, ev.eval("1 + 1"));
    }

    @Test
    void optionErrorsNameTheValidOptions() {
        Evaluator ev = new Evaluator();
        Throwable t = assertThrows(Throwable.class, () -> ev.eval("dqn(catchGame(), learningRate: 0.1)"));
        String msg = Printer.error(t, ev.lastScriptName());
        assertTrue(msg.contains("unknown option 'learningRate' for dqn; valid options: hidden"), msg);
    }

    @Test
    void classMemoryDoesNotGrowWithEvaluations() {
        Evaluator ev = new Evaluator();
        for (int i = 0; i < 200; i++) ev.eval("x = " + i + " + 1");
        System.gc();
        var bean = ManagementFactory.getClassLoadingMXBean();
        long loadedBefore = bean.getLoadedClassCount();
        for (int i = 0; i < 1000; i++) ev.eval("x = " + i + " + 1");
        System.gc();
        long growth = bean.getLoadedClassCount() - loadedBefore;
        // 1000 evaluations each define a script class; without unloading the count grows by 1000
        assertTrue(growth < 200, "loaded classes grew by " + growth + " over 1000 evaluations");
        assertEquals(1000, ev.eval("x"));
    }
    @Test
    void syntaxErrorsPointAtTheUnclosedBracket() {
        assertEquals(new Syntax.Problem(3, 4, "'(' is never closed", true), Syntax.brackets("a = 1\nb = 2\nif (a == 1 {\n  b\n}\n"));
        assertNull(Syntax.brackets("s = ')' + \"(\" + '''{\n'''\n// (\n/* [ */ x = [1, (2)]"), "strings and comments are skipped");
        assertEquals(2, Syntax.brackets("x = [1,\n 2)").line(), "closed by the wrong bracket");
        assertEquals("Unexpected input: '{ …'", ScriptSyntaxError.oneLine("Unexpected input: '{\\n  println a\\n}\\n'"));
    }

    @Test
    void numbersPrintWithoutFloatNoise() {
        assertEquals("0.3431", Printer.format(0.34310000000000024));
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("knn", 0.34310000000000024);
        m.put("n", 3);
        assertEquals("[knn:0.3431, n:3]", Printer.format(m));
        assertEquals("a closure of 2 parameters", Printer.format(new Evaluator().eval("{ a, b -> a }")));
    }

    /** Learners take option records; Groovy's named arguments reach them through the workbench's extension methods. */
    @Test
    void namedArgumentsReachLearnersThroughExtensions() {
        Evaluator ev = new Evaluator();
        assertEquals(3, ev.eval("dqn(catchGame()).train(episodes: 3, progress: false).episodes"));
        assertEquals(2, ev.eval("e = elasticNetEnv(); td3(e).train(e, episodes: 2, maxSteps: 1, progress: false).score().length"));
        Throwable t = assertThrows(Throwable.class, () -> ev.eval("dqn(catchGame()).evaluate(catchGame(), episods: 3)"));
        assertTrue(Printer.error(t, ev.lastScriptName()).contains("unknown option 'episods' for evaluate"), Printer.error(t, null));
    }
}
