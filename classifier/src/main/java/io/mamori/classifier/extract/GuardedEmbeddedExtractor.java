package io.mamori.classifier.extract;

import io.mamori.protocol.finding.InspectionStatus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
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
 */
final class GuardedEmbeddedExtractor implements EmbeddedDocumentExtractor {

    /** Stops the whole parse: a limit of {@link ExtractionLimits} was passed. */
    static final class LimitExceeded extends SAXException {
        LimitExceeded(String message) {
            super(message);
        }
    }

    private final Parser parser;
    private final ParseContext context;
    private final ExtractionLimits limits;
    private final long containerBytes;
    private int depth;
    private int entries;
    private long expanded;
    private InspectionStatus worst = InspectionStatus.OK;
    private String worstReason;

    GuardedEmbeddedExtractor(Parser parser, ParseContext context, ExtractionLimits limits, long containerBytes) {
        this.parser = parser;
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
            throw new LimitExceeded("it holds more than " + limits.maxArchiveEntries() + " embedded documents or archive entries");
        }
        if (depth + 1 > limits.maxArchiveDepth()) {
            throw new LimitExceeded(entry + " is nested more than " + limits.maxArchiveDepth() + " levels deep");
        }
        depth++;
        TemporaryResources temporary = new TemporaryResources();
        try {
            // the stream belongs to the container's parser, which goes on reading it: never close it
            TikaInputStream in = TikaInputStream.get(CloseShieldInputStream.wrap(new Counting(stream)), temporary, metadata);
            parser.parse(in, new EmbeddedContentHandler(handler), metadata, context);
            String failure = unreadableEntries(metadata);
            if (failure != null) {
                raise(failure.startsWith("an entry is encrypted") ? InspectionStatus.ENCRYPTED : InspectionStatus.CORRUPT,
                        "inside " + entry + ", " + failure);
            }
        } catch (LimitExceeded | StructuredTextHandler.LimitReached e) {
            throw e;
        } catch (EncryptedDocumentException e) {
            raise(InspectionStatus.ENCRYPTED, entry + " is encrypted or password-protected");
        } catch (TikaException e) {
            rethrowLimit(e);
            if (ContentExtractor.causedBy(e, org.apache.poi.EncryptedDocumentException.class)) {
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

    private void raise(InspectionStatus status, String reason) {
        if (worst == InspectionStatus.OK || (worst == InspectionStatus.CORRUPT && status == InspectionStatus.ENCRYPTED)) {
            worst = status;
            worstReason = reason;
        }
    }

    /** Counts what embedded documents expand to, and stops at the limits. */
    private final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
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
            if (expanded > limits.maxExpandedBytes()) {
                throw new IOException(new LimitExceeded("its embedded documents expand to more than "
                        + limits.maxExpandedBytes() + " bytes"));
            }
            if (expanded > 10L * 1024 * 1024 && expanded > (long) limits.maxCompressionRatio() * containerBytes) {
                throw new IOException(new LimitExceeded("it expands to more than " + limits.maxCompressionRatio()
                        + " times its size (a suspected decompression bomb)"));
            }
        }
    }
}
