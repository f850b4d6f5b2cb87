package io.mamori.classifier.extract;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.poi.hssf.extractor.ExcelExtractor;
import org.apache.poi.hssf.usermodel.HSSFRichTextString;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.ss.usermodel.HeaderFooter;
import org.apache.poi.ss.usermodel.RichTextString;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.helpers.HeaderFooterHelper;
import org.apache.tika.exception.RuntimeSAXException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.microsoft.TikaExcelDataFormatter;
import org.apache.tika.parser.microsoft.ooxml.OPCPackageWrapper;
import org.apache.tika.sax.SecureContentHandler;
import org.apache.tika.sax.XHTMLContentHandler;
import org.apache.tika.utils.XMLReaderUtils;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a plain .xlsx workbook — sheets of cells, their names, page headers and footers, the
 * document title — through POI's event API, giving the text handler the XHTML Tika's own XSSF
 * extractor gives for such a workbook, without that extractor's costs per cell (an XML-bean
 * rich-text object for every shared string a cell uses, a regular expression for every cell
 * reference, the parser chain around it).
 *
 * <p>A workbook holding anything more — comments, drawings, shapes, charts, hyperlinks, embedded
 * files, macros, pivot tables, external links, printer settings, a thumbnail, custom XML — is not
 * plain: {@link #of} returns null and Tika reads all of it. Cells are formatted by the same POI
 * handler and Tika data formatter Tika uses, and the output is checked against Tika's in
 * {@code PlainWorkbookTest}. Tika's limit on how far text may expand beyond the file's bytes
 * applies here as there (its {@link SecureContentHandler}, as {@code AutoDetectParser} sets it up).
 */
final class PlainWorkbook {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
    /** The parts a plain workbook is made of; any other part is something Tika extracts more from. */
    private static final Set<String> PLAIN_PARTS = Set.of(
            SPREADSHEETML + "sheet.main+xml",
            SPREADSHEETML + "worksheet+xml",
            SPREADSHEETML + "sharedStrings+xml",
            SPREADSHEETML + "styles+xml",
            SPREADSHEETML + "calcChain+xml",
            SPREADSHEETML + "table+xml",
            "application/vnd.openxmlformats-officedocument.theme+xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
            "application/vnd.openxmlformats-officedocument.custom-properties+xml",
            "application/vnd.openxmlformats-package.relationships+xml");
    /** The one thing a sheet may refer to and still be plain: a table's definition (its column names are cells too). */
    private static final String TABLE_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table";
    private static final String NS_SPREADSHEETML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private final OPCPackage container;

    private PlainWorkbook(OPCPackage container) {
        this.container = container;
    }

    /**
     * The workbook, when the file is an .xlsx whose package the type detector opened and which
     * holds nothing but sheets of cells; null otherwise (Tika reads it).
     */
    static PlainWorkbook of(TikaInputStream in, String mediaType) {
        if (!XLSX.equals(mediaType) || !(in.getOpenContainer() instanceof OPCPackageWrapper wrapper)) {
            return null;
        }
        OPCPackage container = wrapper.getOPCPackage();
        try {
            if (container.isStrictOoxmlFormat()) {
                return null; // other namespaces: Tika's own handling
            }
            for (PackagePart part : container.getParts()) {
                if (!PLAIN_PARTS.contains(part.getContentType())) {
                    return null;
                }
                if (part.getContentType().equals(SPREADSHEETML + "worksheet+xml")) {
                    for (PackageRelationship relation : part.getRelationships()) {
                        if (!relation.getRelationshipType().equals(TABLE_RELATION)) {
                            return null; // comments, drawings, hyperlinks, printer settings …
                        }
                    }
                }
            }
        } catch (InvalidFormatException | RuntimeException e) {
            return null; // Tika reads it, and says what is wrong with it
        }
        return new PlainWorkbook(container);
    }

    /** Reads every sheet into the handler, as Tika's extractor would. */
    void read(ContentHandler handler, Metadata metadata, ParseContext context, AutoDetectParserConfig limits,
            TikaInputStream in) throws IOException, SAXException, TikaException {
        SecureContentHandler secure = new SecureContentHandler(handler, in);
        if (limits != null) { // as AutoDetectParser applies them
            if (limits.getOutputThreshold() != null) {
                secure.setOutputThreshold(limits.getOutputThreshold());
            }
            if (limits.getMaximumCompressionRatio() != null) {
                secure.setMaximumCompressionRatio(limits.getMaximumCompressionRatio());
            }
            if (limits.getMaximumDepth() != null) {
                secure.setMaximumDepth(limits.getMaximumDepth());
            }
            if (limits.getMaximumPackageEntryDepth() != null) {
                secure.setMaximumPackageEntryDepth(limits.getMaximumPackageEntryDepth());
            }
        }
        try { // the title goes in the document's head, as Tika's metadata extractor puts it there
            container.getPackageProperties().getTitleProperty()
                    .ifPresent(title -> metadata.set(TikaCoreProperties.TITLE, title));
        } catch (InvalidFormatException e) {
            throw new TikaException("the workbook's properties cannot be read", e);
        }
        OfficeParserConfig office = context.get(OfficeParserConfig.class, new OfficeParserConfig());
        try {
            XHTMLContentHandler xhtml = new XHTMLContentHandler(secure, metadata);
            xhtml.startDocument();
            readSheets(xhtml, office, context);
            xhtml.endDocument();
        } catch (RuntimeSAXException e) {
            // a handler's exception (the character limit, the expansion limit's own exception,
            // which names the bytes and characters) goes on as itself
            throw (SAXException) e.getCause();
        } catch (RuntimeException e) {
            // a broken part (a cell naming a shared string that is not there …): the file is
            // corrupt, as Tika's parser chain reports a parser's runtime failure
            throw new TikaException("the workbook could not be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private void readSheets(XHTMLContentHandler xhtml, OfficeParserConfig office, ParseContext context)
            throws IOException, SAXException, TikaException {
        XSSFReader reader;
        StylesTable styles;
        XSSFReader.SheetIterator sheets;
        try {
            reader = new XSSFReader(container);
            styles = reader.getStylesTable();
            sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
        } catch (OpenXML4JException e) {
            throw new TikaException("the workbook's parts cannot be read", e);
        }
        SharedStrings strings = Strings.of(container, office.isConcatenatePhoneticRuns(), context);
        TikaExcelDataFormatter formatter = new TikaExcelDataFormatter();
        formatter.setDateFormatOverride(office.getDateFormatOverride());
        while (sheets.hasNext()) {
            Sheet sheet = new Sheet(xhtml, office.isIncludeHeadersAndFooters());
            try (InputStream data = sheets.next()) {
                xhtml.startElement("div");
                xhtml.element("h1", sheets.getSheetName());
                xhtml.startElement("table");
                xhtml.startElement("tbody");
                XMLReaderUtils.parseSAX(data, new XSSFSheetXMLHandler(styles, null, strings, sheet, formatter, false),
                        context);
            }
            xhtml.endElement("tbody");
            xhtml.endElement("table");
            for (String header : sheet.headers) {
                headerFooter(header, xhtml);
            }
            for (String footer : sheet.footers) {
                headerFooter(footer, xhtml);
            }
            xhtml.endElement("div");
        }
    }

    private static void headerFooter(String text, XHTMLContentHandler xhtml) throws SAXException {
        String content = ExcelExtractor._extractHeaderFooter(new HeaderFooterText(text));
        if (!content.isEmpty()) {
            xhtml.element("p", content);
        }
    }

    /** One sheet's rows as table rows, a missing cell as an empty one (Tika's layout, so the columns line up). */
    private static final class Sheet implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final XHTMLContentHandler xhtml;
        private final boolean headersAndFooters;
        final List<String> headers = new ArrayList<>();
        final List<String> footers = new ArrayList<>();
        private int lastColumn = -1;

        Sheet(XHTMLContentHandler xhtml, boolean headersAndFooters) {
            this.xhtml = xhtml;
            this.headersAndFooters = headersAndFooters;
        }

        @Override
        public void startRow(int rowNum) {
            try {
                xhtml.startElement("tr");
                lastColumn = -1;
            } catch (SAXException e) {
                throw new RuntimeSAXException(e);
            }
        }

        @Override
        public void endRow(int rowNum) {
            try {
                xhtml.endElement("tr");
            } catch (SAXException e) {
                throw new RuntimeSAXException(e);
            }
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            try {
                int column = reference == null ? lastColumn + 1 : column(reference);
                for (int missing = lastColumn + 1; missing < column; missing++) {
                    xhtml.startElement("td");
                    xhtml.endElement("td");
                }
                lastColumn = column;
                xhtml.startElement("td");
                if (formattedValue != null) {
                    xhtml.characters(formattedValue);
                }
                xhtml.endElement("td");
            } catch (SAXException e) {
                throw new RuntimeSAXException(e);
            }
        }

        @Override
        public void headerFooter(String text, boolean isHeader, String tagName) {
            if (headersAndFooters) {
                (isHeader ? headers : footers).add(text);
            }
        }

        /** The column of a reference such as {@code AB12} or {@code $AB$12}. */
        private static int column(String reference) {
            int end = 0;
            while (end < reference.length() && !Character.isDigit(reference.charAt(end))) {
                end++;
            }
            return CellReference.convertColStringToIndex(reference.substring(0, end));
        }
    }

    /** A header or footer as read from the sheet, for POI's text of it; it is only read, never set. */
    private static final class HeaderFooterText implements HeaderFooter {
        private static final HeaderFooterHelper HELPER = new HeaderFooterHelper();
        private final String text;

        HeaderFooterText(String text) {
            this.text = text;
        }

        @Override
        public String getLeft() {
            return HELPER.getLeftSection(text);
        }

        @Override
        public String getCenter() {
            return HELPER.getCenterSection(text);
        }

        @Override
        public String getRight() {
            return HELPER.getRightSection(text);
        }

        @Override
        public void setLeft(String newLeft) {
            throw new UnsupportedOperationException("a header or footer read from a sheet is not changed");
        }

        @Override
        public void setCenter(String newCenter) {
            throw new UnsupportedOperationException("a header or footer read from a sheet is not changed");
        }

        @Override
        public void setRight(String newRight) {
            throw new UnsupportedOperationException("a header or footer read from a sheet is not changed");
        }
    }

    /**
     * The shared strings, read as POI's {@code ReadOnlySharedStringsTable} reads them (the text
     * runs of each item, phonetic runs after a space when asked), kept as strings: a cell asking
     * for one gets POI's plain rich text instead of a new XML-bean rich-text object each time.
     */
    private static final class Strings extends DefaultHandler implements SharedStrings {
        private final boolean phoneticRuns;
        private final List<String> items = new ArrayList<>();
        private final StringBuilder characters = new StringBuilder(64);
        private boolean inText;
        private boolean inPhonetic;
        private RichTextString[] asRichText;

        private Strings(boolean phoneticRuns) {
            this.phoneticRuns = phoneticRuns;
        }

        static Strings of(OPCPackage container, boolean phoneticRuns, ParseContext context)
                throws IOException, SAXException, TikaException {
            Strings strings = new Strings(phoneticRuns);
            List<PackagePart> parts = container.getPartsByContentType(SPREADSHEETML + "sharedStrings+xml");
            if (!parts.isEmpty()) {
                try (InputStream in = parts.get(0).getInputStream()) {
                    XMLReaderUtils.parseSAX(in, strings, context);
                }
            }
            strings.asRichText = new RichTextString[strings.items.size()];
            return strings;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (uri != null && !uri.equals(NS_SPREADSHEETML)) {
                return;
            }
            switch (localName) {
                case "si" -> characters.setLength(0);
                case "t" -> inText = true;
                case "rPh" -> {
                    inPhonetic = true;
                    if (phoneticRuns && characters.length() > 0) {
                        characters.append(' ');
                    }
                }
                default -> {
                    // formatting runs and their properties carry no text of their own
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (uri != null && !uri.equals(NS_SPREADSHEETML)) {
                return;
            }
            switch (localName) {
                case "si" -> items.add(decoded(characters.toString()));
                case "t" -> inText = false;
                case "rPh" -> inPhonetic = false;
                default -> {
                    // nothing to close
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inText && (!inPhonetic || phoneticRuns)) {
                characters.append(ch, start, length);
            }
        }

        /** What POI's rich text gives for the item: {@code _xHHHH_} escapes decoded (done by POI, when there are any). */
        private static String decoded(String raw) {
            return raw.contains("_x") ? new XSSFRichTextString(raw).getString() : raw;
        }

        /**
         * POI's plain rich text (HSSF's: a string and its width, no XML beans), made once per
         * string, when a cell first asks for it; the sheet handler only reads its text.
         */
        @Override
        public RichTextString getItemAt(int index) {
            RichTextString item = asRichText[index];
            if (item == null) {
                item = asRichText[index] = new HSSFRichTextString(items.get(index));
            }
            return item;
        }

        @Override
        public int getCount() {
            return items.size();
        }

        @Override
        public int getUniqueCount() {
            return items.size();
        }
    }
}
