package dev.rotator.rds.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of {@code SHOW GRANTS}, read into its parts: the privileges, the object they are on, and whether it
 * carries GRANT OPTION. Role lines ({@code GRANT `r` TO ...}) have no object. What follows the grantee besides
 * {@code WITH GRANT OPTION} (MariaDB's {@code IDENTIFIED BY PASSWORD '*...'}, {@code REQUIRE}, resource limits) is
 * dropped here: the password hash must never travel to the clone, and TLS and limits are copied from mysql.user.
 *
 * <p>The reader respects quotes (backticks, single and double quotes, with doubled quotes and backslash escapes)
 * and parentheses, so a quoted name holding " ON " or " TO " cannot split a line in the wrong place.
 *
 * @param object {@code null} for a role line
 */
record GrantLine(List<String> privileges, String object, boolean grantOption) {

    /** Reads a GRANT line; empty for anything else (MariaDB's SET DEFAULT ROLE, MySQL 8's partial REVOKE). */
    static Optional<GrantLine> parse(String line) {
        List<Token> tokens = tokens(line);
        if (tokens.isEmpty() || !tokens.get(0).is("GRANT")) {
            return Optional.empty();
        }
        int on = index(tokens, "ON");
        int to = index(tokens, "TO");
        if (to < 0 || (on >= 0 && on > to)) {
            return Optional.empty();
        }
        int privEnd = on >= 0 ? on : to;
        String privText = line.substring(tokens.get(0).end, tokens.get(privEnd).start).trim();
        String object = on >= 0 ? line.substring(tokens.get(on).end, tokens.get(to).start).trim() : null;
        boolean grantOption = false;
        for (int i = to + 1; i + 2 < tokens.size(); i++) {
            if (tokens.get(i).is("WITH") && tokens.get(i + 1).is("GRANT") && tokens.get(i + 2).is("OPTION")) {
                grantOption = true;
            }
        }
        return Optional.of(new GrantLine(splitTopLevel(privText), object, grantOption));
    }

    /** MariaDB's {@code SET DEFAULT ROLE `r` FOR `u`@`h`} line: the role as written ({@code `r`}); empty otherwise. */
    static Optional<String> defaultRole(String line) {
        List<Token> tokens = tokens(line);
        if (tokens.size() < 5 || !tokens.get(0).is("SET") || !tokens.get(1).is("DEFAULT") || !tokens.get(2).is("ROLE")) {
            return Optional.empty();
        }
        int forIndex = index(tokens, "FOR");
        if (forIndex < 4) {
            return Optional.empty();
        }
        return Optional.of(line.substring(tokens.get(3).start, tokens.get(forIndex).start).trim());
    }

    /** The grants of a line as statements to a new grantee (already quoted {@code `u`@`h`}). */
    static String grant(List<String> privileges, String object, String grantee) {
        return object == null ? "GRANT " + String.join(", ", privileges) + " TO " + grantee
                : "GRANT " + String.join(", ", privileges) + " ON " + object + " TO " + grantee;
    }

    static String revoke(List<String> privileges, String object, String grantee) {
        return object == null ? "REVOKE " + String.join(", ", privileges) + " FROM " + grantee
                : "REVOKE " + String.join(", ", privileges) + " ON " + object + " FROM " + grantee;
    }

    private static int index(List<Token> tokens, String word) {
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at commas outside quotes and parentheses: {@code SELECT (`a`, `b`), INSERT} is two privileges. */
    private static List<String> splitTopLevel(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (isQuote(ch)) {
                i = closingQuote(text, i);
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                add(out, text.substring(start, i));
                start = i + 1;
            }
        }
        add(out, text.substring(start));
        return out;
    }

    private static void add(List<String> out, String privilege) {
        String p = collapseWhitespace(privilege.trim());
        if (!p.isEmpty() && !p.equalsIgnoreCase("USAGE")) {
            out.add(p);
        }
    }

    /**
     * Each run of whitespace as one space: what {@code replaceAll("\\s+", " ")} did (regex {@code \s} is
     * {@code [ \t\n\x0B\f\r]}), without compiling a regex per privilege; the text itself when nothing changes.
     */
    static String collapseWhitespace(String text) {
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (!isRegexSpace(ch)) {
                if (out != null) {
                    out.append(ch);
                }
                i++;
                continue;
            }
            int end = i + 1;
            while (end < text.length() && isRegexSpace(text.charAt(end))) {
                end++;
            }
            if (out == null && (ch != ' ' || end - i > 1)) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(' ');
            }
            i = end;
        }
        return out == null ? text : out.toString();
    }

    private static boolean isRegexSpace(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == 0x0B || ch == '\f' || ch == '\r';
    }

    /** Words outside quotes and parentheses, with their offsets; quoted runs and parentheses stay inside words. */
    private static List<Token> tokens(String line) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= line.length()) {
                break;
            }
            int start = i;
            int depth = 0;
            while (i < line.length() && (depth > 0 || !Character.isWhitespace(line.charAt(i)))) {
                char ch = line.charAt(i);
                if (isQuote(ch)) {
                    i = closingQuote(line, i);
                } else if (ch == '(') {
                    depth++;
                } else if (ch == ')') {
                    depth--;
                }
                i++;
            }
            out.add(new Token(line.substring(start, Math.min(i, line.length())), start, Math.min(i, line.length())));
        }
        return out;
    }

    private static boolean isQuote(char ch) {
        return ch == '`' || ch == '\'' || ch == '"';
    }

    /** The index of the quote closing the one at {@code open} (doubled quotes and, outside backticks, backslashes). */
    private static int closingQuote(String s, int open) {
        char q = s.charAt(open);
        int i = open + 1;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '\\' && q != '`') {
                i += 2;
                continue;
            }
            if (ch == q) {
                if (i + 1 < s.length() && s.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return s.length() - 1;
    }

    private record Token(String text, int start, int end) {
        /** {@code word} is upper case. */
        boolean is(String word) {
            // An ASCII first character upper-cases alone: when it differs, no upper-cased copy is needed to say no.
            char first = text.charAt(0);
            if (first < 0x80 && Character.toUpperCase(first) != word.charAt(0)) {
                return false;
            }
            return text.toUpperCase(Locale.ROOT).equals(word);
        }
    }
}
