package probelab.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A table read from a CSV or TSV file with a header row: named columns, each numeric when all
 * its filled cells are numbers, else text. Empty cells (and NA, NaN, null) are missing. The
 * numeric columns are the table's rows for the analyses ({@link #asRows}); a missing value
 * there is an error naming its row and column, never a silent zero. A text column serves as
 * labels ({@link Column#codes}). Parsing is Apache Commons CSV's: quoted fields, embedded
 * commas and newlines, doubled quotes, a byte-order mark.
 */
public final class Table implements Rows {
    private static final java.util.Set<String> MISSING = java.util.Set.of("", "na", "nan", "null", "n/a");

    private final String name;
    private final Map<String, Column> columns;
    private final int size;

    private Table(String name, Map<String, Column> columns, int size) {
        this.name = name;
        this.columns = columns;
        this.size = size;
    }

    /** One column: its numbers (NaN where missing) or its text (null where missing). */
    public static final class Column {
        private final String name;
        private final double[] numbers;
        private final String[] text;
        private final int[] lines;

        Column(String name, double[] numbers, String[] text, int[] lines) {
            this.name = name;
            this.numbers = numbers;
            this.text = text;
            this.lines = lines;
        }

        public String name() {
            return name;
        }

        public boolean isNumeric() {
            return numbers != null;
        }

        public int size() {
            return isNumeric() ? numbers.length : text.length;
        }

        /** How many cells are missing. */
        public int missing() {
            int m = 0;
            if (isNumeric()) {
                for (double v : numbers) if (Double.isNaN(v)) m++;
            } else {
                for (String s : text) if (s == null) m++;
            }
            return m;
        }

        /** The numbers; a missing one is an error naming its line, or NaN with {@code allowMissing}. */
        public double[] doubles(boolean allowMissing) {
            if (!isNumeric()) throw new IllegalArgumentException("column '" + name + "' holds text, not numbers (e.g. '" + firstText() + "')");
            if (!allowMissing) {
                for (int i = 0; i < numbers.length; i++) {
                    if (Double.isNaN(numbers[i])) throw missingAt(i);
                }
            }
            return numbers.clone();
        }

        public double[] doubles() {
            return doubles(false);
        }

        /** The cells as text (numbers as they were written are not kept: as Java prints them). */
        public String[] strings() {
            if (!isNumeric()) return text.clone();
            String[] out = new String[numbers.length];
            for (int i = 0; i < out.length; i++) out[i] = string(i);
            return out;
        }

        /** One cell as text (null where missing). */
        public String string(int row) {
            if (!isNumeric()) return text[row];
            return Double.isNaN(numbers[row]) ? null : probelab.util.Num.format(numbers[row]);
        }

        /** The distinct values in sorted order: the class names behind {@link #codes}. */
        public String[] classes() {
            TreeSet<String> set = new TreeSet<>(isNumeric() ? java.util.Comparator.comparingDouble(Double::parseDouble) : java.util.Comparator.naturalOrder());
            String[] s = strings();
            for (int i = 0; i < s.length; i++) {
                if (s[i] == null) throw missingAt(i);
                set.add(s[i]);
            }
            return set.toArray(new String[0]);
        }

        /** Labels: each row's index into {@link #classes}; integer columns keep their values. */
        public int[] codes() {
            if (isNumeric()) {
                int[] out = new int[numbers.length];
                for (int i = 0; i < out.length; i++) {
                    double v = numbers[i];
                    if (Double.isNaN(v)) throw missingAt(i);
                    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("column '" + name + "' line " + lines[i] + ": " + v
                                + " is not an integer label");
                    }
                    out[i] = (int) v;
                }
                return out;
            }
            List<String> names = Arrays.asList(classes());
            int[] out = new int[text.length];
            for (int i = 0; i < out.length; i++) out[i] = java.util.Collections.binarySearch(names, text[i]);
            return out;
        }

        private String firstText() {
            for (String s : text) if (s != null) return s;
            return "";
        }

        private IllegalArgumentException missingAt(int i) {
            return new IllegalArgumentException("column '" + name + "' has no value on line " + lines[i]
                    + " (row " + (i + 1) + "); fill it or drop such rows (table.dropMissing('" + name + "'))");
        }

        @Override
        public String toString() {
            return "Column " + name + ": " + size() + (isNumeric() ? " numbers" : " texts") + (missing() > 0 ? ", " + missing() + " missing" : "");
        }
    }

    /** The parsed file before typing: its header, its rows of cells, and each row's line in the file. */
    public record Records(String name, List<String> header, List<String[]> rows, int[] lines) {
        /** The index of a column; an unknown name lists the header. */
        public int column(String column) {
            int i = header.indexOf(column);
            if (i < 0) throw new IllegalArgumentException(name + " has no column '" + column + "'; its columns: " + header);
            return i;
        }
    }

    /** Reads a CSV file ({@code .tsv}/{@code .tab}: tab-separated) with a header row. */
    public static Table read(Path path) {
        return of(records(path));
    }

    /** Parses CSV text with a header row; {@code name} appears in messages. */
    public static Table parse(String text, char delimiter, String name) {
        return of(records(text, delimiter, name));
    }

    /** The cells of a CSV or TSV file, checked (a header naming every column once, every row as wide), untyped. */
    public static Records records(Path path) {
        String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
        char delimiter = file.endsWith(".tsv") || file.endsWith(".tab") ? '\t' : ',';
        String text;
        try {
            // strict UTF-8: a binary or wrongly encoded file is refused, not read as mojibake
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(path + " is not UTF-8 text; expected a CSV file with a header row");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return records(text, delimiter, path.getFileName().toString());
    }

    static Records records(String text, char delimiter, String name) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true).build();
        int[] ends = newlines(text);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (Reader r = new java.io.StringReader(text); CSVParser parser = CSVParser.parse(r, format)) {
            for (CSVRecord rec : parser) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) continue; // a blank line
                if (header == null) {
                    header = rec.toList();
                    checkHeader(header, name);
                    continue;
                }
                if (rec.size() != header.size()) {
                    throw new IllegalArgumentException(name + " line " + lineOf(ends, rec.getCharacterPosition()) + ": " + rec.size()
                            + " fields, but the header names " + header.size() + " columns");
                }
                rows.add(rec.values());
                lines.add((int) lineOf(ends, rec.getCharacterPosition()));
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(name + ": malformed CSV (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (header == null) throw new IllegalArgumentException(name + " is empty; expected a header row naming the columns");
        return new Records(name, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Types each column: numeric when every filled cell is a finite number, else text. */
    static Table of(Records r) {
        Map<String, Column> cols = new LinkedHashMap<>();
        for (int c = 0; c < r.header().size(); c++) cols.put(r.header().get(c), column(r.header().get(c), r.rows(), c, r.lines()));
        return new Table(r.name(), cols, r.rows().size());
    }

    private static Column column(String name, List<String[]> rows, int c, int[] lines) {
        double[] nums = new double[rows.size()];
        boolean numeric = true;
        for (int i = 0; i < rows.size() && numeric; i++) {
            String s = rows.get(i)[c].strip();
            if (MISSING.contains(s.toLowerCase(Locale.ROOT))) {
                nums[i] = Double.NaN;
                continue;
            }
            try {
                nums[i] = Double.parseDouble(s);
                if (!Double.isFinite(nums[i])) numeric = false;
            } catch (NumberFormatException e) {
                numeric = false;
            }
        }
        if (numeric) return new Column(name, nums, null, lines);
        String[] text = new String[rows.size()];
        for (int i = 0; i < text.length; i++) {
            String s = rows.get(i)[c].strip();
            text[i] = MISSING.contains(s.toLowerCase(Locale.ROOT)) ? null : s;
        }
        return new Column(name, null, text, lines);
    }

    private static void checkHeader(List<String> header, String name) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (h.isEmpty()) throw new IllegalArgumentException(name + ": column " + (i + 1) + " of the header has no name");
            if (!seen.add(h)) throw new IllegalArgumentException(name + ": the header names column '" + h + "' twice");
        }
    }

    /** The 1-based line where {@code charPos} falls; {@code newlines} holds the offsets of the text's line ends. */
    private static long lineOf(int[] newlines, long charPos) {
        int i = Arrays.binarySearch(newlines, (int) charPos);
        return (i >= 0 ? i : -i - 1) + 1;
    }

    private static int[] newlines(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        int[] at = new int[n];
        for (int i = 0, k = 0; i < text.length(); i++) if (text.charAt(i) == '\n') at[k++] = i;
        return at;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public List<String> columns() {
        return List.copyOf(columns.keySet());
    }

    /** A column by name; an unknown name lists the table's columns. */
    public Column get(String column) {
        Column c = columns.get(column);
        if (c == null) throw new IllegalArgumentException(name + " has no column '" + column + "'; its columns: " + columns.keySet());
        return c;
    }

    /** Groovy's {@code t['label']}. */
    public Column getAt(String column) {
        return get(column);
    }

    /** The numeric columns' names, in file order. */
    public List<String> numericColumns() {
        return columns.values().stream().filter(Column::isNumeric).map(Column::name).toList();
    }

    /** The named columns as rows (float32, one per line of the file). */
    public float[][] rows(List<String> names) {
        if (names.isEmpty()) throw new IllegalArgumentException(name + " has no numeric columns; its columns: " + columns.keySet());
        double[][] cols = new double[names.size()][];
        for (int j = 0; j < cols.length; j++) cols[j] = get(names.get(j)).doubles();
        float[][] out = new float[size][names.size()];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < cols.length; j++) {
                double v = cols[j][i];
                if (Math.abs(v) > Float.MAX_VALUE) {
                    throw new IllegalArgumentException("column '" + names.get(j) + "' row " + (i + 1) + " holds " + v + ", beyond a float's range");
                }
                out[i][j] = (float) v;
            }
        }
        return out;
    }

    /** Every numeric column, as rows: what {@code tsne(t)}, {@code pca(t)} and {@code probe(t, …)} see. */
    public float[][] numeric() {
        return rows(numericColumns());
    }

    /** Every numeric column except those named (a label column kept out of the features). */
    public float[][] numericWithout(String... exclude) {
        List<String> ex = Arrays.asList(exclude);
        for (String e : exclude) get(e);
        return rows(numericColumns().stream().filter(c -> !ex.contains(c)).toList());
    }

    @Override
    public float[][] asRows() {
        return numeric();
    }

    /** The rows with no missing cell in the named columns (none named: in any column). */
    public Table dropMissing(String... only) {
        boolean[] keep = new boolean[size];
        Arrays.fill(keep, true);
        List<Column> checked = only.length == 0 ? List.copyOf(columns.values()) : Arrays.stream(only).map(this::get).toList();
        for (Column c : checked) {
            for (int i = 0; i < size; i++) {
                if (c.isNumeric() ? Double.isNaN(c.numbers[i]) : c.text[i] == null) keep[i] = false;
            }
        }
        return select(keep);
    }

    /** The rows whose {@code column} reads {@code value}: {@code t.where('status', 'ok')}. */
    public Table where(String column, String value) {
        Column c = get(column);
        boolean[] keep = new boolean[size];
        for (int i = 0; i < size; i++) keep[i] = value.equals(c.string(i));
        return select(keep);
    }

    /** The kept rows, each column typed as before and each row with its line in the file. */
    private Table select(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) if (k) n++;
        int[] lines = new int[n];
        Column any = columns.values().iterator().next();
        for (int i = 0, k = 0; i < size; i++) if (keep[i]) lines[k++] = any.lines[i];
        Map<String, Column> out = new LinkedHashMap<>();
        for (Column c : columns.values()) {
            double[] nums = c.isNumeric() ? new double[n] : null;
            String[] text = c.isNumeric() ? null : new String[n];
            for (int i = 0, k = 0; i < size; i++) {
                if (!keep[i]) continue;
                if (nums != null) nums[k++] = c.numbers[i];
                else text[k++] = c.text[i];
            }
            out.put(c.name, new Column(c.name, nums, text, lines));
        }
        return new Table(name, out, n);
    }

    /** The rows grouped by the values of the named columns: {@code t.groupBy('agent').mean('return')}; none named: one group of every row. */
    public Groups groupBy(String... keys) {
        List<Column> cols = Arrays.stream(keys).map(this::get).toList();
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            List<String> key = new ArrayList<>(cols.size());
            for (Column c : cols) key.add(c.string(i));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        return new Groups(this, List.of(keys), groups);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Table ").append(name).append(": ").append(size).append(" rows × ").append(columns.size()).append(" columns (");
        int k = 0;
        for (Column c : columns.values()) {
            if (k++ > 0) sb.append(", ");
            if (k > 12) {
                sb.append('…');
                break;
            }
            sb.append(c.name).append(c.isNumeric() ? " number" : " text");
            if (c.missing() > 0) sb.append(" [").append(c.missing()).append(" missing]");
        }
        return sb.append(')').toString();
    }
}
