package io.mamori.classifier.extract;

import io.mamori.protocol.finding.InspectionStatus;

/**
 * What reading a file's text into a {@link TextSink} gave: the type detected from the content and
 * whether all of it was read ({@code status} OK) or why not. The text read before a failure or a
 * limit is in the sink all the same.
 *
 * @param mediaType the type detected from the content (and name as a hint)
 * @param status    OK, or why the text is incomplete or missing
 * @param reason    a sentence for people when status is not OK; never file content
 */
public record Extraction(String mediaType, InspectionStatus status, String reason) {

    public static Extraction failed(String mediaType, InspectionStatus status, String reason) {
        return new Extraction(mediaType, status, reason);
    }
}
