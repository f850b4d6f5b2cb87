package io.mamori.classifier.extract;

import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.xml.sax.SAXException;

/**
 * Gets the text out of a file. The type is detected from the content (the name is only a hint,
 * so a renamed .xlsx is still a spreadsheet). Plain text and CSV/TSV are decoded here with
 * Japanese charset detection and their cells recorded; everything else goes through Apache
 * Tika, embedded documents included. Failures become statuses with a reason, never exceptions:
 * encrypted → ENCRYPTED, unparseable → CORRUPT, over the limits → TOO_LARGE (TIMEOUT for OCR's
 * time limit), no extractor → UNSUPPORTED. A limit passed is never OK, whoever noticed it, and
 * its reason names the limit; the text read before it is still returned for the detectors.
 */
public final class ContentExtractor {

    private static final Set<String> TABLE_TYPES = Set.of("text/csv", "text/tab-separated-values");
    private static final int CSV_SNIFF_LINES = 5;

    private final ExtractionLimits limits;
    private final OcrSettings ocr;
    private final TikaConfig tika;
    private final Detector detector;
    private final AutoDetectParser parser;
    private final MediaTypeRegistry registry;
    private final Set<MediaType> supported;
    /** Whether plain workbooks are read through POI's event API ({@link PlainWorkbook}); off only to compare with Tika's own reading. */
    private final boolean plainWorkbooks;

    public ContentExtractor(ExtractionLimits limits) {
        this(limits, OcrSettings.OFF);
    }

    public ContentExtractor(ExtractionLimits limits, OcrSettings ocr) {
        this(limits, ocr, true);
    }

    ContentExtractor(ExtractionLimits limits, OcrSettings ocr, boolean plainWorkbooks) {
        this.plainWorkbooks = plainWorkbooks;
        this.limits = limits;
        this.ocr = ocr;
        this.tika = loadTikaConfig(ocr.enabled() ? "tika-config-ocr.xml" : "tika-config.xml");
        this.detector = tika.getDetector();
        this.parser = new AutoDetectParser(tika);
        this.registry = tika.getMediaTypeRegistry();
        this.supported = parser.getSupportedTypes(new ParseContext());
    }

    private static TikaConfig loadTikaConfig(String resource) {
        try (InputStream in = ContentExtractor.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classifier");
            }
            return new TikaConfig(in);
        } catch (IOException | TikaException | SAXException e) {
            throw new IllegalStateException("cannot load the Tika configuration", e);
        }
    }

    public ExtractionLimits limits() {
        return limits;
    }

    /** The whole text of a file in memory: for small files and tests (files are inspected through {@link #extract(Path, TextSink)}). */
    public ExtractedText extract(Path file) {
        CollectedText collected = new CollectedText();
        Extraction extraction = extract(file, collected);
        return new ExtractedText(collected.text(), collected.tables(), extraction.mediaType(), extraction.status(),
                extraction.reason());
    }

    /**
     * Reads a file's text into the sink as it is extracted; what comes back says what the file is
     * and whether all of it was read. Plain text and tables of any size stream through; a file
     * handed to a Tika parser may be at most {@code maxFileBytes}.
     */
    public Extraction extract(Path file, TextSink sink) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return Extraction.failed(null, InspectionStatus.ERROR, "cannot read the file: " + describe(e));
        }
        if (size == 0) {
            return new Extraction("application/x-empty", InspectionStatus.OK, null);
        }
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
        // one stream for detecting and parsing: what the detector opened (an office file's
        // package) is the parser's too, and the type is not detected a second time
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            MediaType type = detector.detect(in, metadata);
            String mediaType = type.getBaseType().toString();
            if (isPlainText(type)) {
                return extractText(file, mediaType, sink);
            }
            if (size > limits.maxFileBytes()) {
                return Extraction.failed(mediaType, InspectionStatus.TOO_LARGE, "the file is " + size
                        + " bytes; files over " + limits.maxFileBytes() + " bytes are not inspected");
            }
            if (!isSupported(type) || (type.getType().equals("image") && !ocr.enabled())) {
                return Extraction.failed(mediaType, InspectionStatus.UNSUPPORTED, unsupportedReason(type));
            }
            // Tika's detector returns this type for this file without reading it again (its
            // parser-override property); the files embedded in it have metadata of their own
            metadata.set(TikaCoreProperties.CONTENT_TYPE_PARSER_OVERRIDE, type.toString());
            return extractWithTika(in, metadata, mediaType, size, sink);
        } catch (IOException e) {
            return Extraction.failed(null, InspectionStatus.ERROR, "cannot read the file: " + describe(e));
        }
    }

    /**
     * Whether Mamori decodes this file itself (plain text, CSV/TSV, logs …) rather than handing it
     * to a Tika parser: its type as Tika's detector sees it (magic bytes and name), nothing parsed.
     * {@code mamori scan} inspects such small files in its own process (RoutingInspector).
     */
    public boolean decodesItself(Path file) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            return isPlainText(detector.detect(in, metadata));
        } catch (IOException e) {
            return false;
        }
    }

    private boolean isPlainText(MediaType type) {
        MediaType base = type.getBaseType();
        if (base.equals(MediaType.TEXT_PLAIN) || TABLE_TYPES.contains(base.toString())) {
            return true;
        }
        // text types no Tika parser names as its own (logs, ini …) are plain text to us; asking
        // isSupported would say yes to all of them, through their supertype text/plain
        return !supported.contains(base) && registry.isSpecializationOf(base, MediaType.TEXT_PLAIN);
    }

    private boolean isSupported(MediaType type) {
        MediaType current = type.getBaseType();
        while (current != null) {
            if (supported.contains(current) && !current.equals(MediaType.OCTET_STREAM)) {
                return true;
            }
            current = registry.getSupertype(current);
        }
        return false;
    }

    private static String unsupportedReason(MediaType type) {
        String main = type.getType();
        if (main.equals("image")) {
            return "images are only inspected with OCR, which is off";
        }
        if (main.equals("audio") || main.equals("video")) {
            return main + " has no text to inspect";
        }
        return "no text extractor for " + type.getBaseType();
    }

    /** Plain text and tables, streamed; a table that turns out not to parse is read again as plain text. */
    private Extraction extractText(Path file, String mediaType, TextSink sink) {
        try {
            try (InputStream in = Files.newInputStream(file)) {
                TextReader.Outcome outcome = TextReader.read(in, mediaType, sink, 0, limits.maxChars(), true, false);
                return new Extraction(mediaType, outcome.status(), outcome.reason());
            } catch (TextReader.NotATable e) {
                sink.restart();
                try (InputStream in = Files.newInputStream(file)) {
                    TextReader.Outcome outcome = TextReader.read(in, mediaType, sink, 0, limits.maxChars(), false, false);
                    return new Extraction(mediaType, outcome.status(), outcome.reason());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Extraction.failed(mediaType, InspectionStatus.ERROR, "cannot read the file: " + describe(e));
        }
    }

    /** Entries of at most this many bytes are read in memory first, so one that is not the table it looks like is read again. */
    static final int IN_MEMORY_ENTRY_BYTES = 16 * 1024 * 1024;

    /**
     * Reads an archive entry that is plain text or a table into the container's text, decoded and
     * laid out as the same file alone would be (so a CSV keeps its header context), on a line and
     * with a table number of its own; null when the entry is of another type, for Tika.
     */
    TextReader.Outcome readTextEntry(TikaInputStream in, Metadata metadata, StructuredTextHandler document)
            throws IOException, SAXException {
        MediaType type = detector.detect(in, metadata);
        if (!isPlainText(type)) {
            return null;
        }
        String mediaType = type.getBaseType().toString();
        int table = document.startOwnDocument();
        TextSink sink = document.sink();
        long room = document.maxChars() - sink.position();
        byte[] head = in.readNBytes(IN_MEMORY_ENTRY_BYTES);
        TextReader.Outcome outcome;
        if (head.length < IN_MEMORY_ENTRY_BYTES) {
            // small: read in memory, so that a table that does not parse is read again as plain text
            CollectedText collected = new CollectedText();
            try {
                outcome = TextReader.read(new java.io.ByteArrayInputStream(head), mediaType, collected, 0, room, true,
                        false);
            } catch (TextReader.NotATable e) {
                collected.restart();
                outcome = TextReader.read(new java.io.ByteArrayInputStream(head), mediaType, collected, 0, room, false,
                        false);
            }
            collected.replayInto(sink, table);
        } else {
            // large: streamed, leniently (it cannot be read again)
            InputStream whole = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), in);
            try {
                outcome = TextReader.read(whole, mediaType, sink, table, room, true, true);
            } catch (TextReader.NotATable e) {
                outcome = new TextReader.Outcome(InspectionStatus.CORRUPT, "it is not the table its first lines show ("
                        + describe(e) + "); the rest of it was not inspected");
            }
        }
        if (outcome.status() == InspectionStatus.TOO_LARGE) {
            document.limitReached();
        }
        return outcome;
    }

    /**
     * The delimiter of a table in text: ',' for CSV, '\t' for TSV (by type, or, for plain text,
     * when the first lines after at most three title lines all hold the same number of one of
     * them); 0 when the text is not a table.
     */
    static char tableDelimiter(String mediaType, String text) {
        if (mediaType.equals("text/tab-separated-values")) {
            return '\t';
        }
        boolean csv = mediaType.equals("text/csv");
        for (char delimiter : csv ? new char[] {'\t', ';', ','} : new char[] {'\t', ','}) {
            if (consistentColumns(text, delimiter)) {
                return delimiter;
            }
        }
        return csv ? ',' : 0;
    }

    private static boolean consistentColumns(String text, char delimiter) {
        int lines = 0;
        int titles = 0;
        int expected = -1;
        int start = 0;
        while (lines < CSV_SNIFF_LINES && start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int count = 0;
            for (int i = start; i < end; i++) {
                if (text.charAt(i) == delimiter) {
                    count++;
                }
            }
            int lineLength = end - start;
            start = end + 1;
            if (lineLength <= 1) {
                continue; // blank line
            }
            if (expected < 0 && count == 0 && titles < 3) {
                titles++; // a title above the table
                continue;
            }
            if (expected < 0) {
                expected = count;
            } else if (count != expected) {
                return false;
            }
            lines++;
        }
        return expected >= 1 && lines >= 2;
    }

    private Extraction extractWithTika(TikaInputStream in, Metadata metadata, String mediaType, long size, TextSink sink) {
        StructuredTextHandler handler = new StructuredTextHandler(sink, limits.maxChars(),
                mediaType.equals("application/pdf"));
        ParseContext context = parseContext();
        GuardedEmbeddedExtractor embedded = new GuardedEmbeddedExtractor(parser, context, limits, size, this, handler);
        context.set(EmbeddedDocumentExtractor.class, embedded);
        // a workbook of plain sheets is read by Mamori through POI's event API, as Tika would read it
        // but without its costs per cell; anything more in it and Tika reads all of it
        PlainWorkbook workbook = plainWorkbooks ? PlainWorkbook.of(in, mediaType) : null;
        try {
            if (workbook != null) {
                workbook.read(handler, metadata, context, tika.getAutoDetectParserConfig(), in);
            } else {
                parser.parse(in, handler, metadata, context);
            }
        } catch (StructuredTextHandler.LimitReached e) {
            return tooManyCharacters(handler, mediaType);
        } catch (GuardedEmbeddedExtractor.LimitExceeded e) {
            return overArchiveLimits(handler, mediaType, e);
        } catch (EncryptedDocumentException e) {
            return encrypted(handler, mediaType);
        } catch (TikaException | SAXException | IOException e) {
            Extraction limited = limitFrom(e, handler, mediaType);
            if (limited != null) {
                return limited;
            }
            if (causedBy(e, EncryptedDocumentException.class) || causedBy(e,
                    org.apache.poi.EncryptedDocumentException.class)) {
                return encrypted(handler, mediaType);
            }
            String bomb = suspectedBomb(e);
            if (bomb != null) {
                return new Extraction(mediaType, InspectionStatus.TOO_LARGE,
                        "inspection stopped at the expansion ratio limit: its text " + bomb
                                + "; what came before was inspected");
            }
            if (timedOut(e)) {
                return new Extraction(mediaType, InspectionStatus.TIMEOUT,
                        "inspection stopped at the time limit: " + describe(e) + "; what came before was inspected");
            }
            return new Extraction(mediaType, InspectionStatus.CORRUPT,
                    "the file could not be parsed as " + mediaType + ": " + describe(e));
        } catch (RuntimeException | StackOverflowError e) {
            return new Extraction(mediaType, InspectionStatus.ERROR,
                    "the extractor failed: " + e.getClass().getSimpleName());
        }
        // a parser may catch a limit's exception and carry on: the limit still holds
        if (embedded.limitHit() != null) {
            return overArchiveLimits(handler, mediaType, embedded.limitHit());
        }
        if (handler.truncated()) {
            return tooManyCharacters(handler, mediaType);
        }
        String unreadable = GuardedEmbeddedExtractor.unreadableEntries(metadata);
        if (unreadable != null) {
            InspectionStatus status = unreadable.startsWith("an entry is encrypted") ? InspectionStatus.ENCRYPTED
                    : InspectionStatus.CORRUPT;
            return new Extraction(mediaType, status, unreadable);
        }
        if (embedded.worst() != InspectionStatus.OK) {
            return new Extraction(mediaType, embedded.worst(), embedded.worstReason());
        }
        if (!ocr.enabled() && looksImageOnly(mediaType, metadata, handler.visibleChars())) {
            return new Extraction(mediaType, InspectionStatus.UNSUPPORTED,
                    "the PDF holds pages without text (scanned images); they are only inspected with OCR, which is off");
        }
        return new Extraction(mediaType, InspectionStatus.OK, null);
    }

    /** How Tika should parse: the faster SAX extractors for .docx and .pptx, and OCR as configured. */
    private ParseContext parseContext() {
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        OfficeParserConfig office = new OfficeParserConfig();
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        office.setIncludeDeletedContent(true);
        office.setIncludeMoveFromContent(true);
        context.set(OfficeParserConfig.class, office);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setExtractInlineImages(false);
        TesseractOCRConfig tesseract = new TesseractOCRConfig();
        if (ocr.enabled()) {
            pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.AUTO);
            tesseract.setLanguage(ocr.languages());
            tesseract.setTimeoutSeconds((int) Math.max(1, ocr.timeout().toSeconds()));
        } else {
            pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
            tesseract.setSkipOcr(true);
        }
        context.set(PDFParserConfig.class, pdf);
        context.set(TesseractOCRConfig.class, tesseract);
        return context;
    }

    /** A PDF whose pages have (almost) no text is a scan: its content was not inspected. */
    private static boolean looksImageOnly(String mediaType, Metadata metadata, long visibleChars) {
        if (!mediaType.equals("application/pdf")) {
            return false;
        }
        String pages = metadata.get("xmpTPg:NPages");
        int pageCount;
        try {
            pageCount = pages == null ? 0 : Integer.parseInt(pages);
        } catch (NumberFormatException e) {
            return false;
        }
        return pageCount > 0 && visibleChars < 10L * pageCount;
    }

    private Extraction limitFrom(Throwable e, StructuredTextHandler handler, String mediaType) {
        try {
            GuardedEmbeddedExtractor.rethrowLimit(e);
        } catch (StructuredTextHandler.LimitReached reached) {
            return tooManyCharacters(handler, mediaType);
        } catch (GuardedEmbeddedExtractor.LimitExceeded limit) {
            return overArchiveLimits(handler, mediaType, limit);
        } catch (SAXException other) {
            return null;
        }
        return handler.truncated() ? tooManyCharacters(handler, mediaType) : null;
    }

    private Extraction tooManyCharacters(StructuredTextHandler handler, String mediaType) {
        return new Extraction(mediaType, InspectionStatus.TOO_LARGE,
                charLimitReason());
    }

    private String charLimitReason() {
        return charLimitReason(limits.maxChars());
    }

    static String charLimitReason(long maxChars) {
        return "inspection stopped at the character limit: only the first " + maxChars + " characters were inspected";
    }

    private static Extraction overArchiveLimits(StructuredTextHandler handler, String mediaType,
            GuardedEmbeddedExtractor.LimitExceeded limit) {
        return new Extraction(mediaType, InspectionStatus.TOO_LARGE,
                "inspection stopped at " + limit.getMessage() + "; what came before was inspected");
    }

    /**
     * How Tika's own decompression-bomb guard (its SecureContentHandler: far more text than the
     * bytes read, or absurd nesting) described what it stopped, null when it did not stop this.
     * Tika's parsers wrap its exception ("TIKA-237: Illegal SAXException"), so the causes are searched.
     */
    static String suspectedBomb(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause.getClass().getName().equals("org.apache.tika.sax.SecureContentHandler$SecureSAXException")
                    || message.startsWith("Suspected zip bomb") || message.startsWith("Zip bomb detected")) {
                return "expands far beyond the bytes it came from (a suspected decompression bomb: "
                        + describe(cause) + ")";
            }
        }
        return null;
    }

    /** Whether a parser gave up at its own time limit (OCR's, with Tesseract). */
    static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException
                    || String.valueOf(cause.getMessage()).contains("TesseractOCRParser timeout")) {
                return true;
            }
        }
        return false;
    }

    private static Extraction encrypted(StructuredTextHandler handler, String mediaType) {
        return new Extraction(mediaType, InspectionStatus.ENCRYPTED,
                "the document is encrypted or password-protected");
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** A short description of a failure: the exception's class and the first line of its message. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    @Override
    public String toString() {
        return "ContentExtractor" + limits.toString().toLowerCase(Locale.ROOT);
    }
}
