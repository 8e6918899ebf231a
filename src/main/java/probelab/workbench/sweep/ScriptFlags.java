package probelab.workbench.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;

/**
 * The flags a script declares, read from its source without running it: the map literal of its
 * {@code parseArgs(args, [episodes: 1000, seed: 1])} call. A sweep checks its grid against them
 * before any cell starts, so a misspelt axis costs nothing.
 */
public final class ScriptFlags {
    private ScriptFlags() {}

    /** Each declared flag with its default: a number, boolean or text where the source gives a constant, else the source text. */
    public static Map<String, Object> declared(String code, String fileName) {
        CompilationUnit unit = new CompilationUnit();
        SourceUnit source = unit.addSource(fileName, code);
        try {
            unit.compile(Phases.CONVERSION);
        } catch (org.codehaus.groovy.control.CompilationFailedException e) {
            throw new IllegalArgumentException(fileName + " does not compile: " + e.getMessage().lines().filter(l -> !l.isBlank())
                    .skip(1).findFirst().orElse(e.getMessage()).trim(), e);
        }
        Map<String, Object> found = new LinkedHashMap<>();
        boolean[] seen = {false};
        ClassCodeVisitorSupport visitor = new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if ("parseArgs".equals(call.getMethodAsString())) take(call.getArguments());
                super.visitMethodCallExpression(call);
            }

            @Override
            public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
                if ("parseArgs".equals(call.getMethod())) take(call.getArguments());
                super.visitStaticMethodCallExpression(call);
            }

            private void take(Expression arguments) {
                if (!(arguments instanceof TupleExpression t) || t.getExpressions().size() != 2) return;
                if (!(t.getExpression(1) instanceof MapExpression map)) return;
                seen[0] = true;
                for (MapEntryExpression e : map.getMapEntryExpressions()) {
                    if (e.getKeyExpression() instanceof ConstantExpression k) found.put(String.valueOf(k.getValue()), value(e.getValueExpression()));
                }
            }
        };
        source.getAST().getClasses().forEach(visitor::visitClass);
        if (source.getAST().getStatementBlock() != null) source.getAST().getStatementBlock().visit(visitor);
        if (!seen[0]) throw new IllegalArgumentException(fileName + " declares no flags: a sweep sets a script's flags, so the script "
                + "needs a line such as  def opts = parseArgs(args, [seed: 1, episodes: 500])");
        return found;
    }

    private static Object value(Expression e) {
        if (e instanceof ConstantExpression c) return c.getValue() instanceof java.math.BigDecimal d ? d.doubleValue() : c.getValue();
        if (e instanceof UnaryMinusExpression m && m.getExpression() instanceof ConstantExpression c && c.getValue() instanceof Number n)
            return n instanceof Integer i ? -i : n instanceof Long l ? -l : -n.doubleValue();
        if (e instanceof ListExpression) return e.getText();
        return e.getText();
    }
}
