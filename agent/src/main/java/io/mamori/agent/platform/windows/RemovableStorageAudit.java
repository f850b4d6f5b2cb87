package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads Security event 4663 ("An attempt was made to access an object"), which Windows logs for
 * removable storage when the "Audit Removable Storage" subcategory is on, from the XML that
 * {@code EvtRender(EvtRenderEventXml)} returns. Only what tells who wrote which file is kept. The
 * XML parser refuses DTDs and external entities: the text comes from the event log, which other
 * programs can write to.
 */
final class RemovableStorageAudit {

    /** The event this reads. */
    static final int EVENT_ID = 4663;
    /** WriteData (or AddFile) and AppendData (or AddSubdirectory) in AccessMask (4663 on learn.microsoft.com). */
    static final long WRITE_DATA = 0x2;
    static final long APPEND_DATA = 0x4;
    /** AccessList message ids for the same two rights, where AccessMask is missing. */
    private static final String WRITE_DATA_ID = "%%4417";
    private static final String APPEND_DATA_ID = "%%4418";
    /** Rendered 4663 events are a few kilobytes; more is not one. */
    static final int MAX_CHARS = 64 * 1024;

    /**
     * One access, as the event tells it.
     *
     * @param at         TimeCreated/@SystemTime
     * @param user       {@code DOMAIN\name} of the subject
     * @param sid        the subject's SID
     * @param pid        the process id (the event writes it in hex)
     * @param program    the process's image path
     * @param objectName the file as the kernel names it ({@code \Device\HarddiskVolume7\folder\file.txt})
     * @param accessMask the rights asked for
     */
    record AuditedAccess(Instant at, String user, String sid, Long pid, String program, String objectName, long accessMask) {

        /** True when the access wrote or appended data. */
        boolean write() {
            return (accessMask & (WRITE_DATA | APPEND_DATA)) != 0;
        }
    }

    /** Why an event was not read; for a log line, without the event's text. */
    static final class UnreadableEvent extends Exception {
        UnreadableEvent(String message) {
            super(message);
        }
    }

    private RemovableStorageAudit() {
    }

    /** Reads one rendered event; an event other than 4663 is refused as well. */
    static AuditedAccess parse(String xml) throws UnreadableEvent {
        if (xml == null || xml.isBlank()) {
            throw new UnreadableEvent("empty event");
        }
        if (xml.length() > MAX_CHARS) {
            throw new UnreadableEvent("event of " + xml.length() + " characters is longer than " + MAX_CHARS);
        }
        Document document;
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new UnreadableEvent("malformed event XML (" + DeviceBroadcast.clip(e.getMessage(), 120) + ")");
        }
        Element root = document.getDocumentElement();
        if (!"Event".equals(root.getLocalName())) {
            throw new UnreadableEvent("root element is " + DeviceBroadcast.clip(root.getLocalName(), 40) + ", not Event");
        }
        String eventId = text(root, "EventID");
        if (eventId == null || !eventId.strip().equals(String.valueOf(EVENT_ID))) {
            throw new UnreadableEvent("event id " + DeviceBroadcast.clip(eventId, 10) + " is not " + EVENT_ID);
        }
        Instant at = timeCreated(root);
        Map<String, String> data = eventData(root);
        String objectName = data.get("ObjectName");
        if (objectName == null || objectName.isBlank()) {
            throw new UnreadableEvent("event 4663 has no ObjectName");
        }
        String name = data.get("SubjectUserName");
        String domain = data.get("SubjectDomainName");
        String user = name == null || name.isBlank() ? null : domain == null || domain.isBlank() ? name : domain + "\\" + name;
        String program = data.get("ProcessName");
        return new AuditedAccess(at, user, blankToNull(data.get("SubjectUserSid")), hex(data.get("ProcessId"), "ProcessId"),
                blankToNull(program), objectName, accessMask(data));
    }

    private static long accessMask(Map<String, String> data) throws UnreadableEvent {
        Long mask = hex(data.get("AccessMask"), "AccessMask");
        if (mask != null) {
            return mask;
        }
        String list = data.getOrDefault("AccessList", "");
        long fromList = 0;
        for (String id : list.trim().split("\\s+")) {
            if (id.equals(WRITE_DATA_ID)) {
                fromList |= WRITE_DATA;
            } else if (id.equals(APPEND_DATA_ID)) {
                fromList |= APPEND_DATA;
            }
        }
        return fromList;
    }

    private static Instant timeCreated(Element root) throws UnreadableEvent {
        NodeList nodes = root.getElementsByTagNameNS("*", "TimeCreated");
        if (nodes.getLength() == 0) {
            throw new UnreadableEvent("event has no TimeCreated");
        }
        String time = ((Element) nodes.item(0)).getAttribute("SystemTime");
        try {
            return Instant.parse(time.strip());
        } catch (DateTimeParseException e) {
            throw new UnreadableEvent("TimeCreated/@SystemTime is not an ISO instant (" + DeviceBroadcast.clip(time, 40) + ")");
        }
    }

    private static Map<String, String> eventData(Element root) {
        Map<String, String> data = new HashMap<>();
        NodeList nodes = root.getElementsByTagNameNS("*", "Data");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            String name = element.getAttribute("Name");
            if (!name.isEmpty()) {
                data.putIfAbsent(name, element.getTextContent().strip());
            }
        }
        return data;
    }

    private static String text(Element root, String localName) {
        NodeList nodes = root.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static Long hex(String value, String field) throws UnreadableEvent {
        if (value == null || value.isBlank()) {
            return null;
        }
        String digits = value.strip().toLowerCase(Locale.ROOT);
        digits = digits.startsWith("0x") ? digits.substring(2) : digits;
        try {
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            throw new UnreadableEvent(field + " is not a hexadecimal number (" + DeviceBroadcast.clip(value, 20) + ")");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A DOM parser with DTDs, external entities and XInclude off (OWASP XXE prevention). */
    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    /**
     * The kernel's name of a file ({@code \Device\HarddiskVolume7\folder\file.txt}) on a drive
     * letter ({@code E:\folder\file.txt}), given what QueryDosDevice says each letter is.
     *
     * @param targets drive ({@code E:}) to device ({@code \Device\HarddiskVolume7})
     */
    static Optional<String> onDrive(String objectName, Map<String, String> targets) {
        for (Map.Entry<String, String> target : targets.entrySet()) {
            String device = target.getValue();
            if (device == null || device.isEmpty()) {
                continue;
            }
            if (objectName.regionMatches(true, 0, device, 0, device.length())) {
                String rest = objectName.substring(device.length());
                if (rest.isEmpty()) {
                    return Optional.of(target.getKey() + "\\");
                }
                if (rest.charAt(0) == '\\') {
                    return Optional.of(target.getKey() + rest);
                }
            }
        }
        return Optional.empty();
    }
}
