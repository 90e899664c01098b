package dev.taleweaver.adapter.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags (RFC 9110 §8.8.3) of JSON answers: the first 128 bits of the SHA-256 of the exact bytes sent,
 * so two answers share a tag exactly when their bodies are byte for byte the same, and a tag needs no version column
 * and no cache entry to stay right. Matching follows RFC 9110 §13.1: {@code If-None-Match} compares weakly (a
 * {@code W/} prefix is ignored), {@code If-Match} strongly; {@code *} matches any current representation.
 */
final class EntityTag {
    /** Bytes of the digest kept: 128 bits, 22 base64url characters; collisions are out of reach. */
    static final int DIGEST_BYTES = 16;

    /** Most tags read from one {@code If-Match}/{@code If-None-Match} header; the rest are ignored. */
    static final int MAX_LISTED = 32;

    private EntityTag() {
    }

    /** The tag of {@code body}, quoted as it goes in the {@code ETag} header. */
    static String of(byte[] body) {
        byte[] digest = sha256().digest(body);
        byte[] kept = new byte[DIGEST_BYTES];
        System.arraycopy(digest, 0, kept, 0, DIGEST_BYTES);
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(kept) + '"';
    }

    /** {@code If-None-Match}: whether the client's list names {@code tag}, weakly compared, or is {@code *}. */
    static boolean noneMatchHits(String header, String tag) {
        return listed(header, tag, true);
    }

    /** {@code If-Match}: whether the client's list names {@code tag}, strongly compared, or is {@code *}. */
    static boolean matchHits(String header, String tag) {
        return listed(header, tag, false);
    }

    private static boolean listed(String header, String tag, boolean weak) {
        if (header == null) {
            return false;
        }
        String[] items = header.split(",", MAX_LISTED + 1);
        for (int i = 0; i < Math.min(items.length, MAX_LISTED); i++) {
            String item = items[i].trim();
            if (item.equals("*")) {
                return true;
            }
            if (item.startsWith("W/")) {
                if (!weak) {
                    continue; // a weak tag never matches strongly
                }
                item = item.substring(2);
            }
            if (item.equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
