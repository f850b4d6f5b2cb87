package io.mamori.classifier.corpus;

import java.util.ArrayList;
import java.util.List;

/** A synthetic document, independent of its file format: paragraphs and tables, in order. */
final class Doc {

    sealed interface Block permits Paragraph, Table {
    }

    record Paragraph(String text) implements Block {
    }

    record Table(List<String> header, List<List<String>> rows) implements Block {
    }

    final List<Block> blocks = new ArrayList<>();

    Doc line(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    Doc table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(header, rows));
        return this;
    }
}
