package io.mamori.classifier.extract;

import io.mamori.protocol.finding.InspectionStatus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.EmbeddedContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Follows embedded documents and archive entries (zip, 7z, tar, gzip, attachments, OLE objects)
 * within the limits, and remembers what could not be inspected. Tika's own extractor records an
 * entry's failure in metadata and carries on, which would let an encrypted .docx inside a .zip
 * pass as clean; here every entry's failure raises the status of the whole file.
 *
 * <p>A limit passed is never clean either. Each limit names itself in the reason, so a person
 * reading "could not inspect" knows which one; the limit is remembered even when a parser
 * catches the exception and carries on, and what an entry's parser skipped is still read (and
 * counted), because an entry that nothing parses (zeros, say) expands all the same.
 */
final class GuardedEmbeddedExtractor implements EmbeddedDocumentExtractor {

    /** Stops the whole parse: a limit of {@link ExtractionLimits} was passed. */
    static final class LimitExceeded extends SAXException {
        LimitExceeded(String message) {
            super(message);
        }
    }

    /** Below this much expanded content the ratio is not checked: small files compress well honestly. */
    static final long MIN_BOMB_BYTES = 10L * 1024 * 1024;

    private final Parser parser;
    private final ParseContext context;
    private final ExtractionLimits limits;
    private final long containerBytes;
    private final ContentExtractor texts;
    private final StructuredTextHandler document;
    private int depth;
    private int entries;
    private long expanded;
    private InspectionStatus worst = InspectionStatus.OK;
    private String worstReason;
    private LimitExceeded limitHit;

    /**
     * @param texts    reads entries that are plain text or tables as it reads such files alone
     * @param document where those entries' text and cells go (the container's parser only
     *                 passes a wrapped handler, which would lose the cells)
     */
    GuardedEmbeddedExtractor(Parser parser, ParseContext context, ExtractionLimits limits, long containerBytes,
            ContentExtractor texts, StructuredTextHandler document) {
        this.parser = parser;
        this.texts = texts;
        this.document = document;
        this.context = context;
        this.limits = limits;
        this.containerBytes = Math.max(1, containerBytes);
    }

    /** The worst status met among embedded documents, OK when all were inspected. */
    InspectionStatus worst() {
        return worst;
    }

    String worstReason() {
        return worstReason;
    }

    /** The first limit passed, null when none was; set even if a parser swallowed the exception. */
    LimitExceeded limitHit() {
        return limitHit;
    }

    private LimitExceeded limit(String message) {
        LimitExceeded exceeded = new LimitExceeded(message);
        if (limitHit == null) {
            limitHit = exceeded;
        }
        return exceeded;
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
        return true;
    }

    @Override
    public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
            throws SAXException, IOException {
        String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
        String entry = name == null ? "an embedded document" : "'" + name + "'";
        if (++entries > limits.maxArchiveEntries()) {
            throw limit("the entry count limit: it holds more than " + limits.maxArchiveEntries()
                    + " embedded documents or archive entries");
        }
        if (depth + 1 > limits.maxArchiveDepth()) {
            throw limit("the archive depth limit: " + entry + " is nested more than " + limits.maxArchiveDepth()
                    + " levels deep");
        }
        depth++;
        TemporaryResources temporary = new TemporaryResources();
        Counting counting = new Counting(stream, entry);
        try {
            // the stream belongs to the container's parser, which goes on reading it: never close it
            TikaInputStream in = TikaInputStream.get(CloseShieldInputStream.wrap(counting), temporary, metadata);
            // Tika's text parser would flatten a CSV and lose its header's context
            TextReader.Outcome text = texts.readTextEntry(in, metadata, document);
            if (text != null) {
                if (text.status() != InspectionStatus.OK) {
                    raise(text.status(), "inside " + entry + ", " + text.reason());
                }
            } else {
                parser.parse(in, new EmbeddedContentHandler(handler), metadata, context);
            }
            String failure = unreadableEntries(metadata);
            if (failure != null) {
                raise(failure.startsWith("an entry is encrypted") ? InspectionStatus.ENCRYPTED : InspectionStatus.CORRUPT,
                        "inside " + entry + ", " + failure);
            }
        } catch (LimitExceeded | StructuredTextHandler.LimitReached e) {
            throw e;
        } catch (ZeroByteFileException e) {
            // an empty entry has nothing to inspect, as an empty file has nothing: not a failure
        } catch (EncryptedDocumentException e) {
            raise(InspectionStatus.ENCRYPTED, entry + " is encrypted or password-protected");
        } catch (TikaException e) {
            rethrowLimit(e);
            String bomb = ContentExtractor.suspectedBomb(e);
            if (bomb != null) {
                raise(InspectionStatus.TOO_LARGE, "inspection of " + entry + " stopped at the expansion ratio limit: its text "
                        + bomb);
            } else if (ContentExtractor.timedOut(e)) {
                raise(InspectionStatus.TIMEOUT, "inspection of " + entry + " stopped at the time limit: "
                        + ContentExtractor.describe(e));
            } else if (ContentExtractor.causedBy(e, org.apache.poi.EncryptedDocumentException.class)) {
                raise(InspectionStatus.ENCRYPTED, entry + " is encrypted or password-protected");
            } else {
                raise(InspectionStatus.CORRUPT, entry + " could not be parsed: " + ContentExtractor.describe(e));
            }
        } catch (IOException | RuntimeException e) {
            rethrowLimit(e);
            raise(InspectionStatus.CORRUPT, entry + " could not be read: " + ContentExtractor.describe(e));
        } finally {
            depth--;
            temporary.close();
        }
        readRest(counting, entry);
    }

    /**
     * Reads what the entry's parser left unread (a type with no parser is not read at all), so
     * that the entry's real size counts toward the size and ratio limits.
     */
    private void readRest(Counting counting, String entry) throws SAXException {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (counting.read(buffer, 0, buffer.length) >= 0) {
                // counted by Counting
            }
        } catch (IOException e) {
            rethrowLimit(e);
            raise(InspectionStatus.CORRUPT, "the rest of " + entry + " could not be read: " + ContentExtractor.describe(e));
        }
    }

    /**
     * What an archive parser could not read, as it records it in metadata and carries on (an
     * encrypted zip entry, say); null when it read everything.
     */
    static String unreadableEntries(Metadata metadata) {
        String[] failures = metadata.getValues(TikaCoreProperties.TIKA_META_EXCEPTION_EMBEDDED_STREAM);
        if (failures == null || failures.length == 0) {
            return null;
        }
        String first = failures[0].strip().lines().findFirst().orElse("an entry could not be read");
        boolean encrypted = false;
        for (String failure : failures) {
            encrypted |= failure.contains("EncryptedDocumentException") || failure.contains("is encrypted")
                    || failure.contains("feature encryption");
        }
        return (encrypted ? "an entry is encrypted: " : "an entry could not be read: ")
                + (first.length() > 160 ? first.substring(0, 160) + "…" : first);
    }

    /** A limit passed deep inside a parser arrives wrapped; it must still stop the whole parse. */
    static void rethrowLimit(Throwable e) throws SAXException {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof LimitExceeded limit) {
                throw limit;
            }
            if (cause instanceof StructuredTextHandler.LimitReached reached) {
                throw reached;
            }
        }
    }

    /** Keeps the first status met, except that an encrypted entry or a limit outranks a broken entry. */
    private void raise(InspectionStatus status, String reason) {
        if (worst == InspectionStatus.OK || (worst == InspectionStatus.CORRUPT && status != InspectionStatus.CORRUPT)) {
            worst = status;
            worstReason = reason;
        }
    }

    /** Counts what embedded documents expand to, and stops at the limits. */
    private final class Counting extends FilterInputStream {
        private final String entry;
        private long entryBytes;

        Counting(InputStream in, String entry) {
            super(in);
            this.entry = entry;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            expanded += n;
            entryBytes += n;
            if (entryBytes > limits.maxFileBytes()) {
                throw new IOException(limit("the entry size limit: " + entry + " expands to more than "
                        + limits.maxFileBytes() + " bytes"));
            }
            if (expanded > limits.maxExpandedBytes()) {
                throw new IOException(limit("the expanded size limit: its embedded documents expand to more than "
                        + limits.maxExpandedBytes() + " bytes"));
            }
            if (expanded > MIN_BOMB_BYTES && expanded > (long) limits.maxCompressionRatio() * containerBytes) {
                throw new IOException(limit("the expansion ratio limit: it expands to more than "
                        + limits.maxCompressionRatio() + " times its size (a suspected decompression bomb)"));
            }
        }
    }
}
