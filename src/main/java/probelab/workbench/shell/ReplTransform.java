package probelab.workbench.shell;

import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

/**
 * Makes a REPL line behave like part of one long script. Groovy compiles each evaluation as
 * its own script, where {@code def x = 1} is a local that vanishes afterwards; only
 * undeclared assignments reach the shared Binding. So, at the top level of a line:
 * <ul>
 *   <li>{@code def x = e} and {@code Type x = e} become {@code x = e} (with a cast to Type);</li>
 *   <li>{@code def (a, b) = e} becomes {@code (a, b) = e};</li>
 *   <li>{@code def f(x) { … }} becomes {@code f = { x -> … }}, which Groovy calls as {@code f(1)}.</li>
 * </ul>
 * Declarations nested in blocks stay local, as they should.
 */
final class ReplTransform extends CompilationCustomizer {
    ReplTransform() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) return;
        MethodNode run = classNode.getMethod("run", Parameter.EMPTY_ARRAY);
        if (run == null || !(run.getCode() instanceof BlockStatement block)) return;
        List<Statement> statements = new ArrayList<>();
        List<String> defined = new ArrayList<>();
        for (MethodNode m : new ArrayList<>(classNode.getMethods())) {
            if (m == run || m.getName().equals("main") || m.getLineNumber() < 1 || !m.getAnnotations().isEmpty()) continue;
            ClosureExpression closure = new ClosureExpression(m.getParameters(), m.getCode());
            closure.setSourcePosition(m);
            statements.add(assign(new VariableExpression(m.getName()), closure, m));
            classNode.removeMethod(m);
            StringBuilder sig = new StringBuilder(m.getName()).append('(');
            for (Parameter p : m.getParameters()) sig.append(sig.charAt(sig.length() - 1) == '(' ? "" : ", ").append(p.getName());
            defined.add(sig.append(')').toString());
        }
        boolean onlyDefinitions = block.getStatements().isEmpty() && !defined.isEmpty();
        for (Statement s : block.getStatements()) statements.add(rewrite(s));
        if (onlyDefinitions) {
            // the line's value says what it defined, not the last closure's generated class name
            statements.add(new ExpressionStatement(new ConstructorCallExpression(ClassHelper.make(Defined.class),
                    new ArgumentListExpression(new ConstantExpression(String.join(", ", defined))))));
        }
        block.getStatements().clear();
        block.getStatements().addAll(statements);
    }

    private static Statement rewrite(Statement s) {
        if (!(s instanceof ExpressionStatement es) || !(es.getExpression() instanceof DeclarationExpression d)) return s;
        if (!d.getAnnotations().isEmpty()) return s; // @Field and friends keep their meaning
        Expression rhs = d.getRightExpression();
        if (rhs instanceof EmptyExpression) rhs = ConstantExpression.NULL;
        if (d.isMultipleAssignmentDeclaration()) {
            TupleExpression names = new TupleExpression();
            for (Expression e : d.getTupleExpression().getExpressions()) {
                names.addExpression(new VariableExpression(((VariableExpression) e).getName()));
            }
            return assign(names, rhs, d);
        }
        VariableExpression v = d.getVariableExpression();
        ClassNode type = v.getOriginType();
        if (type != null && !type.equals(ClassHelper.dynamicType()) && !type.equals(ClassHelper.OBJECT_TYPE)
                && rhs != ConstantExpression.NULL) {
            rhs = new CastExpression(type, rhs);
        }
        return assign(new VariableExpression(v.getName()), rhs, d);
    }

    private static Statement assign(Expression target, Expression value, org.codehaus.groovy.ast.ASTNode at) {
        BinaryExpression b = new BinaryExpression(target, Token.newSymbol(Types.ASSIGN, at.getLineNumber(), at.getColumnNumber()), value);
        b.setSourcePosition(at);
        ExpressionStatement st = new ExpressionStatement(b);
        st.setSourcePosition(at);
        return st;
    }
}
