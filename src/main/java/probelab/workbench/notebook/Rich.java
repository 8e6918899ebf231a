package probelab.workbench.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import probelab.util.Num;
import probelab.workbench.shell.Html;
import probelab.workbench.shell.Printer;

/**
 * A cell's value as Jupyter shows it: always the REPL's readable text ({@code text/plain}),
 * plus a table ({@code text/html}) for a map of plain values or a list of such maps, and
 * the picture for a path to a PNG or GIF (a saved figure, an episode's preview).
 */
final class Rich {
    private static final int MAX_ROWS = 200;
    private static final long MAX_IMAGE_BYTES = 16L << 20;

    private Rich() {}

    static DisplayData render(Object v) {
        String text = Printer.format(v);
        if (text == null) return null;
        DisplayData d = new DisplayData(text);
        String html = table(v);
        if (html != null) d.putHTML(html);
        if (v instanceof Path p) image(p, d);
        if (v instanceof java.io.File f) image(f.toPath(), d);
        return d;
    }

    private static void image(Path p, DisplayData d) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        String mime = name.endsWith(".png") ? "image/png" : name.endsWith(".gif") ? "image/gif" : null;
        try {
            if (mime == null || !Files.isRegularFile(p) || Files.size(p) > MAX_IMAGE_BYTES) return;
            String data = Cell.base64(p);
            d.putData(mime, data);
            // front ends rank image/png above image/gif and nbconvert's HTML shows no image/gif at all;
            // an <img> in text/html plays the animation in JupyterLab, Notebook and the HTML export alike
            if (mime.equals("image/gif")) d.putHTML("<img src=\"data:image/gif;base64," + data + "\" alt=\"" + Html.escape(name) + "\"/>");
        } catch (IOException ignored) {
            // the path's text is still shown
        }
    }

    /** A map of plain values as name/value rows; a list of maps as one row each; a table's first rows; otherwise null. */
    static String table(Object v) {
        if (v instanceof probelab.data.Table t) {
            List<String> names = t.columns();
            List<String[]> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(t.size(), 20); i++) {
                String[] r = new String[names.size()];
                for (int j = 0; j < r.length; j++) r[j] = t.get(names.get(j)).string(i);
                rows.add(r);
            }
            return Html.table(names, rows) + (t.size() > 20 ? "<p>… " + (t.size() - 20) + " more rows</p>" : "");
        }
        if (v instanceof Map<?, ?> m && !m.isEmpty() && m.values().stream().allMatch(Rich::plain)) {
            List<String[]> rows = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (rows.size() == MAX_ROWS) break;
                rows.add(new String[] {String.valueOf(e.getKey()), cell(e.getValue())});
            }
            return Html.table(List.of("name", "value"), rows);
        }
        if (v instanceof Collection<?> c && !c.isEmpty() && c.stream().allMatch(o -> o instanceof Map<?, ?> m
                && m.values().stream().allMatch(Rich::plain))) {
            Set<String> keys = new LinkedHashSet<>();
            for (Object o : c) for (Object k : ((Map<?, ?>) o).keySet()) keys.add(String.valueOf(k));
            List<String[]> rows = new ArrayList<>();
            for (Object o : c) {
                if (rows.size() == MAX_ROWS) break;
                Map<?, ?> m = (Map<?, ?>) o;
                String[] r = new String[keys.size()];
                int i = 0;
                for (String k : keys) r[i++] = m.containsKey(k) ? cell(m.get(k)) : "";
                rows.add(r);
            }
            return Html.table(new ArrayList<>(keys), rows);
        }
        return null;
    }

    private static boolean plain(Object o) {
        return o == null || o instanceof Number || o instanceof CharSequence || o instanceof Boolean || o instanceof Enum<?>;
    }

    private static String cell(Object o) {
        if (o instanceof Double || o instanceof Float) return Num.format(((Number) o).doubleValue(), 6);
        return String.valueOf(o);
    }
}
