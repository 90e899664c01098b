package dev.taleweaver.adapter.http;

import dev.taleweaver.domain.paging.Position;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code cursor} of a paged list: opaque text naming the last member of the page read (its creation time and id,
 * {@link Position}), bound to the list it came from and sealed by an HMAC-SHA256 tag, so a cursor that was edited,
 * truncated or taken from another list ({@code /heroes?language=en} to {@code ?language=fr}, or to {@code /children}) is refused (400) instead of
 * silently starting somewhere else. Base64url without padding: 50 characters, safe in a query string as it is.
 *
 * <p>The cursor holds a position, not an offset: the next page starts after that member even when members were
 * created or deleted meanwhile, and a cursor whose member was deleted still works. The key is the same in every
 * instance of every deployment (cursors survive restarts and load balancing); it protects against accidents and
 * casual edits, not against a client that reads this source — a forged cursor could only start a list at another
 * position, which reveals nothing the list itself does not.
 */
final class PageCursor {
    private static final byte FORMAT = 1;
    private static final int TAG_BYTES = 8;
    private static final int PAYLOAD_BYTES = 1 + Long.BYTES + Integer.BYTES + 2 * Long.BYTES;
    private static final byte[] KEY = "taleweaver page cursor, format 1".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /**
     * One keyed Mac per request thread: {@code Mac.getInstance} looks the algorithm up in the security providers and
     * {@code init} derives the key's pads, on every call (as {@code EntityTag}'s digest, issue 16's profile).
     */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(PageCursor::keyedHmac);
    /** Longer text is not a cursor of this format: judged without decoding it. */
    static final int MAX_LENGTH = 64;

    private PageCursor() {
    }

    /** @param list names the list: its path and its {@code Listing.name()} ({@code /heroes lang:en}) */
    static String encode(String list, Position position) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES + TAG_BYTES)
                .put(FORMAT)
                .putLong(position.createdAt().getEpochSecond())
                .putInt(position.createdAt().getNano())
                .putLong(position.id().getMostSignificantBits())
                .putLong(position.id().getLeastSignificantBits());
        payload.put(tag(list, Arrays.copyOf(payload.array(), PAYLOAD_BYTES)));
        return ENCODER.encodeToString(payload.array());
    }

    /** The position a cursor names, or empty when it is no cursor of {@code list} as this class writes them. */
    static Optional<Position> decode(String list, String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the canonical text only: base64's last character has spare bits a decoder ignores
        if (bytes.length != PAYLOAD_BYTES + TAG_BYTES || bytes[0] != FORMAT
                || !ENCODER.encodeToString(bytes).equals(text)) {
            return Optional.empty();
        }
        byte[] payload = Arrays.copyOf(bytes, PAYLOAD_BYTES);
        byte[] given = Arrays.copyOfRange(bytes, PAYLOAD_BYTES, bytes.length);
        if (!MessageDigest.isEqual(tag(list, payload), given)) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload, 1, PAYLOAD_BYTES - 1);
        long seconds = buffer.getLong();
        int nanos = buffer.getInt();
        UUID id = new UUID(buffer.getLong(), buffer.getLong());
        if (nanos < 0 || nanos > 999_999_999) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Position(Instant.ofEpochSecond(seconds, nanos), id));
        } catch (RuntimeException e) { // out of Instant's range: only a forged cursor gets here
            return Optional.empty();
        }
    }

    private static byte[] tag(String list, byte[] payload) {
        Mac mac = HMAC.get();
        mac.update(list.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return Arrays.copyOf(mac.doFinal(payload), TAG_BYTES); // doFinal resets the Mac for the next tag
    }

    private static Mac keyedHmac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
