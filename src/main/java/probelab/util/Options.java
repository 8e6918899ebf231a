package probelab.util;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Named options as records. A learner declares one record whose components are its
 * hyperparameters (each with a {@link Doc} line) and a {@code DEFAULTS} instance with the
 * seed's values; {@link #apply} overlays what the user passed as Groovy named arguments,
 * refusing unknown names and ill-typed values with a message that lists the valid ones.
 */
public final class Options {
    private Options() {}

    /** Returns {@code defaults} with the entries of {@code given} replacing its components. */
    public static <R extends Record> R apply(R defaults, Map<String, ?> given, String owner) {
        if (given == null || given.isEmpty()) return defaults;
        Class<?> type = defaults.getClass();
        RecordComponent[] comps = type.getRecordComponents();
        Object[] values = new Object[comps.length];
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < comps.length; i++) {
            index.put(comps[i].getName(), i);
            values[i] = read(comps[i], defaults);
        }
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String name = String.valueOf(e.getKey());
            Integer i = index.get(name);
            if (i == null) {
                throw new IllegalArgumentException("unknown option '" + name + "' for " + owner
                        + "; valid options: " + describeNames(comps));
            }
            values[i] = coerce(e.getValue(), comps[i].getType(), owner, name);
        }
        return construct(type, comps, values);
    }

    /**
     * As {@link #apply(Record, Map, String)}, for defaults that depend on the data (a plot's
     * title from what is plotted): the names given are checked against {@code type} before the
     * defaults are computed, so a misspelt option is reported first whatever the data.
     */
    public static <R extends Record> R apply(Class<R> type, java.util.function.Supplier<R> defaults, Map<String, ?> given, String owner) {
        checkNames(type, given, owner);
        return apply(defaults.get(), given, owner);
    }

    /** Refuses names that are not components of {@code type}, listing the valid ones. */
    public static void checkNames(Class<? extends Record> type, Map<String, ?> given, String owner) {
        if (given == null) return;
        RecordComponent[] comps = type.getRecordComponents();
        for (Object key : given.keySet()) {
            String name = String.valueOf(key);
            boolean known = false;
            for (RecordComponent c : comps) known |= c.getName().equals(name);
            if (!known) throw new IllegalArgumentException("unknown option '" + name + "' for " + owner + "; valid options: " + describeNames(comps));
        }
    }

    /** Record → ordered map (name → value), for config.json and printing. */
    public static Map<String, Object> toMap(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = read(c, r);
            if (v != null && v.getClass().isArray()) {
                List<Object> l = new ArrayList<>();
                for (int k = 0; k < Array.getLength(v); k++) l.add(Array.get(v, k));
                v = l;
            } else if (v instanceof Enum<?> en) {
                v = en.name().toLowerCase(Locale.ROOT);
            }
            m.put(c.getName(), v);
        }
        return m;
    }

    /** Map (as written by {@link #toMap}) → record, applying it over {@code defaults}. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R fromMap(R defaults, Map<String, ?> m, String owner) {
        return apply(defaults, (Map<String, Object>) m, owner);
    }

    /** A table of the options: name, type, default and help line, each column as wide as its widest entry. */
    public static String describe(Record defaults) {
        List<String[]> rows = rows(defaults);
        int[] width = {"name".length(), "type".length(), "default".length()};
        for (String[] r : rows) for (int k = 0; k < 3; k++) width[k] = Math.max(width[k], r[k].length());
        StringBuilder sb = new StringBuilder();
        String fmt = "  %-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "name", "type", "default", "meaning"));
        for (String[] r : rows) sb.append(String.format(Locale.ROOT, fmt, (Object[]) r));
        return sb.toString();
    }

    /** One row per option: name, type, default as typed, meaning. */
    public static List<String[]> rows(Record defaults) {
        RecordComponent[] comps = defaults.getClass().getRecordComponents();
        Map<String, Object> values = toMap(defaults);
        List<String[]> rows = new ArrayList<>();
        for (RecordComponent c : comps) {
            Doc d = c.getAnnotation(Doc.class);
            rows.add(new String[] {c.getName(), typeName(c.getType()), shown(values.get(c.getName())), d == null ? "" : d.value()});
        }
        return rows;
    }

    /** A default as a person would type it: numbers without float noise, lists in brackets, "" for empty text. */
    private static String shown(Object v) {
        if (v == null) return "none";
        if (v instanceof Double d) return Num.format(d, 6);
        if (v instanceof Float f) return Num.format(f, 6);
        if (v instanceof CharSequence cs) return cs.length() == 0 ? "''" : cs.toString();
        if (v instanceof List<?> l) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (Object o : l) j.add(shown(o));
            return j.toString();
        }
        return String.valueOf(v);
    }

    private static String describeNames(RecordComponent[] comps) {
        StringJoiner j = new StringJoiner(", ");
        for (RecordComponent c : comps) j.add(c.getName() + " (" + typeName(c.getType()) + ")");
        return j.toString();
    }

    static String typeName(Class<?> t) {
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class) return "integer";
        if (t == double.class || t == float.class || t == Double.class || t == Float.class) return "number";
        if (t == boolean.class || t == Boolean.class) return "boolean";
        if (t == String.class) return "string";
        if (t.isEnum()) {
            StringJoiner j = new StringJoiner("|");
            for (Object o : t.getEnumConstants()) j.add(((Enum<?>) o).name().toLowerCase(Locale.ROOT));
            return j.toString();
        }
        if (t == int[].class) return "integer list";
        if (t == double[].class) return "number list";
        return t.getSimpleName();
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <R> R construct(Class<?> type, RecordComponent[] comps, Object[] values) {
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) types[i] = comps[i].getType();
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            @SuppressWarnings("unchecked") R r = (R) ctor.newInstance(values);
            return r;
        } catch (java.lang.reflect.InvocationTargetException e) {
            // the record's compact constructor validates ranges; pass its message on as is
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Converts a Groovy/JSON value to the component type, or explains what was expected. */
    static Object coerce(Object v, Class<?> t, String owner, String name) {
        try {
            Object r = coerceOrNull(v, t);
            if (r != null || (v == null && !t.isPrimitive())) return r;
        } catch (ArithmeticException | NumberFormatException ignored) {
            // falls through to the message below
        }
        String got = v == null ? "null" : v.getClass().getSimpleName() + " " + quote(v);
        throw new IllegalArgumentException("option '" + name + "' of " + owner + " expects "
                + typeName(t) + ", got " + got);
    }

    private static String quote(Object v) {
        return v instanceof CharSequence ? "\"" + v + "\"" : String.valueOf(v);
    }

    private static Object coerceOrNull(Object v, Class<?> t) {
        if (v == null) return null;
        if (t == int.class || t == Integer.class) return integral(v) ? Math.toIntExact(asLong(v)) : null;
        if (t == long.class || t == Long.class) return integral(v) ? asLong(v) : null;
        if (t == double.class || t == Double.class) return v instanceof Number n ? n.doubleValue() : null;
        if (t == float.class || t == Float.class) return v instanceof Number n ? n.floatValue() : null;
        if (t == boolean.class || t == Boolean.class) return v instanceof Boolean ? v : null;
        if (t == String.class) return v instanceof CharSequence ? v.toString() : null;
        if (t.isEnum()) {
            if (t.isInstance(v)) return v;
            if (!(v instanceof CharSequence)) return null;
            for (Object c : t.getEnumConstants()) {
                if (((Enum<?>) c).name().equalsIgnoreCase(v.toString())) return c;
            }
            return null;
        }
        if (t == int[].class) {
            List<?> l = asList(v);
            if (l == null) return null;
            int[] a = new int[l.size()];
            for (int i = 0; i < a.length; i++) {
                if (!integral(l.get(i))) return null;
                a[i] = Math.toIntExact(asLong(l.get(i)));
            }
            return a;
        }
        if (t == double[].class) {
            List<?> l = asList(v);
            if (l == null) return null;
            double[] a = new double[l.size()];
            for (int i = 0; i < a.length; i++) {
                if (!(l.get(i) instanceof Number n)) return null;
                a[i] = n.doubleValue();
            }
            return a;
        }
        return t.isInstance(v) ? v : null;
    }

    private static List<?> asList(Object v) {
        if (v instanceof List<?> l) return l;
        if (v != null && v.getClass().isArray()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) l.add(Array.get(v, i));
            return l;
        }
        return null;
    }

    private static boolean integral(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) return true;
        if (v instanceof BigDecimal bd) return bd.stripTrailingZeros().scale() <= 0;
        if (v instanceof Double d) return d == Math.rint(d) && !d.isInfinite();
        return false;
    }

    private static long asLong(Object v) {
        if (v instanceof BigDecimal bd) return bd.longValueExact();
        if (v instanceof BigInteger bi) return bi.longValueExact();
        return ((Number) v).longValue();
    }
}
