package probelab.workbench.shell;

import java.util.List;

/** The little HTML a notebook needs: escaped text and plain tables. */
public final class Html {
    private Html() {}

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
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
