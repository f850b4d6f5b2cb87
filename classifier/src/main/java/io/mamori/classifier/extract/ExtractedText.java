package io.mamori.classifier.extract;

import io.mamori.protocol.finding.InspectionStatus;

/**
 * The text of a file as the detectors see it, with its table structure, the media type detected
 * from the content, and whether the whole content was extracted ({@code status} OK) or why not.
 * A status other than OK may still come with the text that could be read.
 *
 * @param text      the extracted text
 * @param tables    table cells within the text
 * @param mediaType the type detected from the content (and name as a hint)
 * @param status    OK, or why the text is incomplete or missing
 * @param reason    a sentence for people when status is not OK; never file content
 */
public record ExtractedText(String text, TableLayout tables, String mediaType, InspectionStatus status, String reason) {
}
