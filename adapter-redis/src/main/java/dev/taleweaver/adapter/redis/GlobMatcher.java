package dev.taleweaver.adapter.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Redis's glob syntax ({@code * ? [abc] [^a] [a-z] \x}) as a predicate on logical keys, so the L1 forgets exactly
 * what a {@code deletePattern} deleted in Redis. A pattern it cannot read (an unterminated or empty {@code [ ]}, or
 * one longer than {@link #MAX_PATTERN_LENGTH}) matches everything: forgetting too much costs a few Redis reads,
 * forgetting too little would serve stale data.
 *
 * <p>Linear in practice, O(key length × pattern length) at worst, whatever the pattern: the classic two-pointer
 * matcher, which on a mismatch only ever returns to the last {@code *} seen (a later star makes every earlier
 * choice final), so there is no backtracking explosion. The regular expression it replaces took seconds for
 * {@code P*?*?*?*?*?*?*?*?*?Z} against a few keys, and patterns arrive on a pub/sub channel anyone with access to
 * Redis can publish on.
 */
final class GlobMatcher implements Predicate<String> {
    /** Longer patterns match everything; the service's own are a key family and a star ({@code hero:*}). */
    static final int MAX_PATTERN_LENGTH = 256;

    private static final GlobMatcher EVERYTHING = new GlobMatcher(List.of(new Token(Kind.STAR, null)));

    private enum Kind { STAR, ANY, CHARS }

    /** One element of a pattern; {@code chars} is the set a CHARS token accepts. */
    private record Token(Kind kind, CharSet chars) {
        boolean accepts(char c) {
            return kind == Kind.ANY || chars.contains(c);
        }
    }

    /** A literal character or a bracket class: ranges, possibly negated. */
    private record CharSet(boolean negated, char[] from, char[] to) {
        static CharSet literal(char c) {
            return new CharSet(false, new char[] {c}, new char[] {c});
        }

        boolean contains(char c) {
            for (int i = 0; i < from.length; i++) {
                if (c >= from[i] && c <= to[i]) {
                    return !negated;
                }
            }
            return negated;
        }
    }

    private final Token[] tokens;

    private GlobMatcher(List<Token> tokens) {
        this.tokens = tokens.toArray(new Token[0]);
    }

    static GlobMatcher of(String glob) {
        if (glob.length() > MAX_PATTERN_LENGTH) {
            return EVERYTHING;
        }
        try {
            return new GlobMatcher(parse(glob));
        } catch (IllegalArgumentException e) {
            return EVERYTHING;
        }
    }

    @Override
    public boolean test(String key) {
        return matches(key, null);
    }

    /**
     * Whether {@code key} matches; counts each step (one comparison of a key character with a pattern element) in
     * {@code steps[0]} when given, so a test can bound the work without timing it.
     */
    boolean matches(String key, long[] steps) {
        int k = 0;
        int t = 0;
        int starToken = -1;
        int starKey = 0;
        while (k < key.length()) {
            if (steps != null) {
                steps[0]++;
            }
            if (t < tokens.length && tokens[t].kind() == Kind.STAR) {
                starToken = t++;
                starKey = k;
            } else if (t < tokens.length && tokens[t].accepts(key.charAt(k))) {
                t++;
                k++;
            } else if (starToken >= 0) {
                // let the last star swallow one more character, and retry what follows it
                t = starToken + 1;
                k = ++starKey;
            } else {
                return false;
            }
        }
        while (t < tokens.length && tokens[t].kind() == Kind.STAR) {
            t++;
        }
        return t == tokens.length;
    }

    private static List<Token> parse(String glob) {
        List<Token> tokens = new ArrayList<>(glob.length());
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (tokens.isEmpty() || tokens.get(tokens.size() - 1).kind() != Kind.STAR) {
                        tokens.add(new Token(Kind.STAR, null));
                    }
                }
                case '?' -> tokens.add(new Token(Kind.ANY, null));
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        i++;
                    }
                    tokens.add(new Token(Kind.CHARS, CharSet.literal(glob.charAt(i))));
                }
                case '[' -> i = parseClass(glob, i, tokens);
                default -> tokens.add(new Token(Kind.CHARS, CharSet.literal(c)));
            }
            i++;
        }
        return tokens;
    }

    /** Adds the class {@code [...]} starting at {@code open}; returns the index of its closing bracket. */
    private static int parseClass(String glob, int open, List<Token> tokens) {
        int i = open + 1;
        boolean negated = i < glob.length() && glob.charAt(i) == '^';
        if (negated) {
            i++;
        }
        StringBuilder from = new StringBuilder();
        StringBuilder to = new StringBuilder();
        while (i < glob.length() && glob.charAt(i) != ']') {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                c = glob.charAt(++i);
            }
            if (i + 2 < glob.length() && glob.charAt(i + 1) == '-' && glob.charAt(i + 2) != ']') {
                char end = glob.charAt(i + 2);
                from.append((char) Math.min(c, end)); // Redis accepts a reversed range
                to.append((char) Math.max(c, end));
                i += 3;
            } else {
                from.append(c);
                to.append(c);
                i++;
            }
        }
        if (i >= glob.length()) {
            throw new IllegalArgumentException("an unterminated [ in " + glob);
        }
        if (from.isEmpty()) {
            throw new IllegalArgumentException("an empty [] in " + glob);
        }
        tokens.add(new Token(Kind.CHARS, new CharSet(negated, from.toString().toCharArray(),
                to.toString().toCharArray())));
        return i;
    }
}
