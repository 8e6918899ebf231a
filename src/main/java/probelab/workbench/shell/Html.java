package probelab.workbench.shell;

import java.util.List;

/** The little HTML a notebook needs: escaped text and plain tables. */
public final class Html {
    private Html() {}

    /** The dashboard's escaping: text shown as text, never as markup. */
    public static String escape(String s) {
        return probelab.dash.Html.escape(s);
    }

    /** A table with a header row; cells are escaped. */
    public static String table(List<String> header, List<String[]> rows) {
        StringBuilder sb = new StringBuilder("<table><thead><tr>");
        for (String h : header) sb.append("<th style=\"text-align:left\">").append(escape(h)).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (String[] r : rows) {
            sb.append("<tr>");
            for (String c : r) sb.append("<td style=\"text-align:left\">").append(escape(c == null ? "" : c)).append("</td>");
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }
}
