package probelab.util;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One line of help for a DSL function or an option. {@code :help} and option errors read it,
 * so the text a user sees lives next to the code it describes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.TYPE})
public @interface Doc {
    /** What it does, one line. */
    String value();

    /** A line a user can type at the prompt. */
    String example() default "";

    /** Help topic the function belongs to (env, rl, plot, ...). */
    String topic() default "";

    /** The options record a function takes as named arguments, for {@code :help NAME}. */
    Class<?> options() default Void.class;
}
