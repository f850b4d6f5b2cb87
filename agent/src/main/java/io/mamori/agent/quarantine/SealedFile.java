package io.mamori.agent.quarantine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Store file format 1: one file per quarantined file, holding its metadata and its content, both
 * sealed with AES-256-GCM under the store key, written and read as a stream of chunks so that a
 * file of any size passes through a few hundred KiB of memory. All numbers are big-endian.
 *
 * <pre>
 * offset   size  field
 *      0      8  magic "MAMORIQF" (ASCII)
 *      8      2  format version: 1
 *     10      4  chunk size C: content bytes per chunk (64 KiB)
 *     14      8  key id (see StoreKey)
 *     22     16  event id (the FILE_WRITTEN event's; also the file's name)
 *     38      8  nonce prefix P: random, one per file
 *     46      4  length M of the metadata block
 *     50      M  metadata block: the sealed JSON of StoredMetadata (its length + 16)
 *   50+M    ...  content chunks 0 .. n-1: C bytes each sealed into C + 16, the last one 0 .. C bytes
 *                (+ 16); an empty file is one final chunk of 0 bytes
 * length-56  56  summary block: sealed content size (8) and SHA-256 of the content (32)
 * </pre>
 *
 * <p>Every block is AES-GCM with a 128-bit tag and a 96-bit nonce {@code P || counter}: counter 0
 * for the metadata, {@code i + 1} for content chunk {@code i}, {@code 0xFFFFFFFF} for the summary.
 * Nonces never repeat within a file; across files only if two random 64-bit prefixes collide,
 * about n²/2^65 for n files (under 2^-32 up to some 90,000 files in one store). The associated
 * data of every block is the 50 header bytes, then the block's kind (1 metadata, 2 content, 3
 * summary, 1 byte), its index (8 bytes) and a final flag (1 byte): chunk {@code i} has index
 * {@code i} and final 1 only when it is the last; the summary has index n and final 1. So a chunk
 * moved, repeated or dropped, a file cut short or extended, or any header byte changed, fails to
 * authenticate. The reader derives n from the file's length and the chunk size.
 */
final class SealedFile {

    static final int VERSION = 1;
    /**
     * 64 KiB, as age uses. Larger chunks cost more heap, and Java 17's AES-GCM runs its fast
     * (intrinsic) code only on calls it sees often: with 1 MiB chunks decryption stayed at a
     * tenth of its speed here.
     */
    static final int DEFAULT_CHUNK_SIZE = 64 << 10;
    static final int HEADER_LENGTH = 50;
    static final int METADATA_LENGTH_OFFSET = 46;
    static final int TAG_LENGTH = 16;
    static final int SUMMARY_LENGTH = 8 + 32 + TAG_LENGTH;

    private static final byte[] MAGIC = "MAMORIQF".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CHUNK_SIZE = 64 << 20;
    private static final int MAX_METADATA_LENGTH = 1 << 20;
    /** Counters 1 .. 2^32 - 2 are the chunks': 256 TiB at 64 KiB a chunk. */
    private static final long MAX_CHUNKS = 0xFFFFFFFEL;
    private static final int PREFIX_LENGTH = 8;
    private static final byte KIND_METADATA = 1;
    private static final byte KIND_CONTENT = 2;
    private static final byte KIND_SUMMARY = 3;

    private SealedFile() {
    }

    /** What the summary block says: the content's size and SHA-256. */
    record Summary(long size, byte[] sha256) {

        String sha256Hex() {
            return HexFormat.of().formatHex(sha256);
        }
    }

    /**
     * Writes a store file to {@code out}: the header, the metadata, the content read from
     * {@code content} to its end, and the summary. Does not flush; the caller makes it durable.
     */
    static Summary seal(StoreKey key, UUID eventId, byte[] metadata, ReadableByteChannel content, WritableByteChannel out,
            int chunkSize, SecureRandom random) throws IOException {
        if (metadata.length > MAX_METADATA_LENGTH) {
            throw new IOException("the metadata of event " + eventId + " is too large to store (" + metadata.length + " bytes)");
        }
        byte[] prefix = new byte[PREFIX_LENGTH];
        random.nextBytes(prefix);
        byte[] header = header(chunkSize, key.id(), eventId, prefix, metadata.length + TAG_LENGTH);
        Blocks blocks = new Blocks(key, header, prefix);
        write(out, header, header.length);
        byte[] sealedMetadata = new byte[metadata.length + TAG_LENGTH];
        write(out, sealedMetadata, blocks.seal(KIND_METADATA, 0, false, metadata, metadata.length, sealedMetadata));

        MessageDigest sha256 = sha256();
        byte[] current = new byte[chunkSize];
        byte[] next = new byte[chunkSize];
        byte[] sealed = new byte[chunkSize + TAG_LENGTH];
        int currentLength = fill(content, current);
        long index = 0;
        long size = 0;
        while (true) {
            // A full chunk is the last one only if nothing follows it: read ahead to know.
            int nextLength = currentLength == chunkSize ? fill(content, next) : 0;
            boolean last = nextLength == 0;
            if (index >= MAX_CHUNKS) {
                throw new IOException("the file of event " + eventId + " is too large to store (over " + MAX_CHUNKS + " chunks)");
            }
            sha256.update(current, 0, currentLength);
            size += currentLength;
            write(out, sealed, blocks.seal(KIND_CONTENT, index, last, current, currentLength, sealed));
            if (last) {
                break;
            }
            byte[] swap = current;
            current = next;
            next = swap;
            currentLength = nextLength;
            index++;
        }
        Summary summary = new Summary(size, sha256.digest());
        byte[] plainSummary = ByteBuffer.allocate(SUMMARY_LENGTH - TAG_LENGTH).putLong(size).put(summary.sha256()).array();
        byte[] sealedSummary = new byte[SUMMARY_LENGTH];
        write(out, sealedSummary, blocks.seal(KIND_SUMMARY, index + 1, true, plainSummary, plainSummary.length, sealedSummary));
        return summary;
    }

    /**
     * Opens a store file and authenticates its header, metadata and summary (not yet the content:
     * {@link Opened#unseal} checks each chunk as it goes).
     */
    static Opened open(StoreKey key, Path file, UUID eventId) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new Opened(key, file, channel, eventId);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** An open store file whose header, metadata and summary authenticated. */
    static final class Opened implements Closeable {

        private final Path file;
        private final FileChannel channel;
        private final Blocks blocks;
        private final int chunkSize;
        private final long contentStart;
        private final long chunks;
        private final int lastChunkLength;
        private final byte[] metadata;
        private final Summary summary;

        private Opened(StoreKey key, Path file, FileChannel channel, UUID eventId) throws IOException {
            this.file = file;
            this.channel = channel;
            long length = channel.size();
            if (length < HEADER_LENGTH) {
                throw damaged("is too short to be a store file (" + length + " bytes)");
            }
            byte[] header = read(0, HEADER_LENGTH);
            ByteBuffer fields = ByteBuffer.wrap(header);
            byte[] magic = new byte[MAGIC.length];
            fields.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw damaged("is not a Mamori quarantine store file");
            }
            int version = Short.toUnsignedInt(fields.getShort());
            if (version > VERSION) {
                throw new IOException("store file " + file + " is in format " + version + ", newer than this agent reads (" + VERSION
                        + "); run a newer agent");
            }
            if (version != VERSION) {
                throw damaged("names format " + version + ", which never existed");
            }
            chunkSize = fields.getInt();
            if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
                throw damaged("names a chunk size of " + chunkSize + " bytes");
            }
            byte[] keyId = new byte[StoreKey.ID_LENGTH];
            fields.get(keyId);
            if (!Arrays.equals(keyId, key.id())) {
                throw damaged("was sealed under another key (id " + HexFormat.of().formatHex(keyId) + ") than this store's "
                        + StoreKey.FILE_NAME + " (id " + HexFormat.of().formatHex(key.id()) + ")");
            }
            UUID named = new UUID(fields.getLong(), fields.getLong());
            if (!named.equals(eventId)) {
                throw damaged("holds event " + named + ", not " + eventId + ": it was renamed");
            }
            byte[] prefix = new byte[PREFIX_LENGTH];
            fields.get(prefix);
            int metadataLength = fields.getInt();
            if (metadataLength < TAG_LENGTH || metadataLength > MAX_METADATA_LENGTH + TAG_LENGTH) {
                throw damaged("names a metadata block of " + metadataLength + " bytes");
            }
            blocks = new Blocks(key, header, prefix);
            contentStart = HEADER_LENGTH + (long) metadataLength;
            long content = length - contentStart - SUMMARY_LENGTH;
            if (content < TAG_LENGTH) {
                throw damaged("is cut short: " + length + " bytes cannot hold its metadata, a chunk and the summary");
            }
            long sealedChunk = chunkSize + (long) TAG_LENGTH;
            long rest = content % sealedChunk;
            if (rest == 0) {
                chunks = content / sealedChunk;
                lastChunkLength = chunkSize;
            } else if (rest >= TAG_LENGTH) {
                chunks = content / sealedChunk + 1;
                lastChunkLength = (int) (rest - TAG_LENGTH);
            } else {
                throw damaged("has a length (" + length + " bytes) that no whole number of chunks makes: it was cut or extended");
            }
            if (chunks > MAX_CHUNKS) {
                throw damaged("is longer than a store file can be");
            }

            byte[] sealedMetadata = read(HEADER_LENGTH, metadataLength);
            metadata = new byte[metadataLength - TAG_LENGTH];
            if (!blocks.open(KIND_METADATA, 0, false, sealedMetadata, metadataLength, metadata)) {
                throw damaged("has metadata that does not authenticate: the file was changed or damaged");
            }
            byte[] plainSummary = new byte[SUMMARY_LENGTH - TAG_LENGTH];
            if (!blocks.open(KIND_SUMMARY, chunks, true, read(length - SUMMARY_LENGTH, SUMMARY_LENGTH), SUMMARY_LENGTH,
                    plainSummary)) {
                throw damaged("has a summary that does not authenticate: the file was cut short, extended or changed");
            }
            ByteBuffer summaryFields = ByteBuffer.wrap(plainSummary);
            long size = summaryFields.getLong();
            byte[] sha256 = new byte[32];
            summaryFields.get(sha256);
            if (size != (chunks - 1) * chunkSize + lastChunkLength) {
                throw damaged("holds " + size + " bytes by its summary but not by its length");
            }
            summary = new Summary(size, sha256);
        }

        byte[] metadata() {
            return metadata.clone();
        }

        Summary summary() {
            return summary;
        }

        /**
         * Writes the content to {@code out}, each chunk only after it authenticated, and checks
         * the whole against the summary's SHA-256. On a {@link DamagedQuarantineFileException}
         * part of the content may have been written: the caller discards it.
         */
        void unseal(WritableByteChannel out) throws IOException {
            MessageDigest sha256 = sha256();
            byte[] sealed = new byte[chunkSize + TAG_LENGTH];
            byte[] plain = new byte[chunkSize];
            long position = contentStart;
            for (long i = 0; i < chunks; i++) {
                boolean last = i == chunks - 1;
                int sealedLength = (last ? lastChunkLength : chunkSize) + TAG_LENGTH;
                readFully(position, sealed, sealedLength);
                if (!blocks.open(KIND_CONTENT, i, last, sealed, sealedLength, plain)) {
                    throw damaged("has content that does not authenticate at chunk " + (i + 1) + " of " + chunks
                            + ": the file was changed, or chunks were moved or removed");
                }
                sha256.update(plain, 0, sealedLength - TAG_LENGTH);
                write(out, plain, sealedLength - TAG_LENGTH);
                position += sealedLength;
            }
            if (!MessageDigest.isEqual(sha256.digest(), summary.sha256())) {
                throw damaged("has content whose SHA-256 is not the one it was stored with");
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        private byte[] read(long position, int length) throws IOException {
            byte[] bytes = new byte[length];
            readFully(position, bytes, length);
            return bytes;
        }

        private void readFully(long position, byte[] into, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(into, 0, length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw damaged("ended early, at " + (position + buffer.position()) + " bytes");
                }
            }
        }

        private DamagedQuarantineFileException damaged(String problem) {
            return new DamagedQuarantineFileException("store file " + file + " " + problem);
        }
    }

    private static byte[] header(int chunkSize, byte[] keyId, UUID eventId, byte[] prefix, int metadataLength) {
        return ByteBuffer.allocate(HEADER_LENGTH)
                .put(MAGIC)
                .putShort((short) VERSION)
                .putInt(chunkSize)
                .put(keyId)
                .putLong(eventId.getMostSignificantBits())
                .putLong(eventId.getLeastSignificantBits())
                .put(prefix)
                .putInt(metadataLength)
                .array();
    }

    /** Seals and opens the blocks of one file: its nonces and associated data. */
    private static final class Blocks {

        private final StoreKey key;
        private final byte[] header;
        private final byte[] prefix;
        private final Cipher cipher;

        Blocks(StoreKey key, byte[] header, byte[] prefix) {
            this.key = key;
            this.header = header;
            this.prefix = prefix;
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this Java runtime has no AES-GCM", e);
            }
        }

        int seal(byte kind, long index, boolean last, byte[] plain, int length, byte[] out) {
            if (NativeCrypto.available()) {
                return NativeCrypto.seal(key.material(), nonce(kind, index).getIV(), associatedData(kind, index, last), plain,
                        length, out);
            }
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), nonce(kind, index));
                cipher.updateAAD(associatedData(kind, index, last));
                return cipher.doFinal(plain, 0, length, out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed to seal a block", e);
            }
        }

        /** False when the block does not authenticate. */
        boolean open(byte kind, long index, boolean last, byte[] sealed, int length, byte[] out) {
            if (NativeCrypto.available()) {
                return NativeCrypto.open(key.material(), nonce(kind, index).getIV(), associatedData(kind, index, last), sealed,
                        length, out);
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), nonce(kind, index));
                cipher.updateAAD(associatedData(kind, index, last));
                cipher.doFinal(sealed, 0, length, out, 0);
                return true;
            } catch (AEADBadTagException e) {
                return false;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed to open a block", e);
            }
        }

        private GCMParameterSpec nonce(byte kind, long index) {
            int counter = switch (kind) {
                case KIND_METADATA -> 0;
                case KIND_CONTENT -> (int) (index + 1);
                default -> 0xFFFFFFFF;
            };
            byte[] nonce = ByteBuffer.allocate(PREFIX_LENGTH + 4).put(prefix).putInt(counter).array();
            return new GCMParameterSpec(TAG_LENGTH * 8, nonce);
        }

        private byte[] associatedData(byte kind, long index, boolean last) {
            return ByteBuffer.allocate(header.length + 1 + 8 + 1)
                    .put(header)
                    .put(kind)
                    .putLong(index)
                    .put((byte) (last ? 1 : 0))
                    .array();
        }
    }

    private static MessageDigest sha256() {
        if (NativeCrypto.available()) {
            return NativeCrypto.sha256();
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** Reads until {@code into} is full or the channel ends; the number of bytes read. */
    private static int fill(ReadableByteChannel channel, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                break;
            }
        }
        return buffer.position();
    }

    private static void write(WritableByteChannel channel, byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
