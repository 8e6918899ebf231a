package probelab.dash;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cell HTML made harmless: a small set of formatting tags survives without any attributes;
 * every other character of markup is escaped. No attribute survives, so no event handler, style
 * or URL can reach the page; script and style elements lose their tags and show as text.
 */
public final class Html {
    private Html() {}

    static final Set<String> ALLOWED = Set.of("b", "i", "em", "strong", "u", "p", "br", "hr", "ul", "ol", "li", "pre", "code",
            "span", "div", "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "td", "th", "small", "sub", "sup");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)\\b[^<>]*?(/?)>");

    public static String sanitize(String html) {
        StringBuilder out = new StringBuilder(html.length() + 16);
        Matcher m = TAG.matcher(html);
        int last = 0;
        while (m.find()) {
            out.append(escape(html.substring(last, m.start())));
            String name = m.group(2).toLowerCase(Locale.ROOT);
            if (ALLOWED.contains(name)) {
                out.append('<').append(m.group(1)).append(name).append(m.group(3).isEmpty() ? "" : " /").append('>');
            } else {
                out.append(escape(m.group()));
            }
            last = m.end();
        }
        out.append(escape(html.substring(last)));
        return out.toString();
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
