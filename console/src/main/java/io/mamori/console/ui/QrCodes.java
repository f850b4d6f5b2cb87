package io.mamori.console.ui;

import io.nayuki.qrcodegen.DataTooLongException;
import io.nayuki.qrcodegen.QrCode;
import java.util.Optional;

/**
 * A QR code as an SVG element to put straight into a page: encoded by Nayuki's QR Code generator
 * (error correction M), drawn here as one path of dark modules with the four-module quiet zone the
 * standard asks for. The SVG holds only numbers, nothing of the encoded text, so it can be placed
 * unescaped; it needs no script and no style (the console's strict CSP stays).
 */
final class QrCodes {

    private static final int QUIET_ZONE = 4;

    private QrCodes() {
    }

    /** The SVG of {@code text}; empty when the text is too long for any QR code. */
    static Optional<String> svg(String text) {
        QrCode code;
        try {
            code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        } catch (DataTooLongException e) {
            return Optional.empty();
        }
        int size = code.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                if (code.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return Optional.of("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\" width=\"" + size * 4
                + "\" height=\"" + size * 4 + "\" shape-rendering=\"crispEdges\" aria-hidden=\"true\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#ffffff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>");
    }
}
