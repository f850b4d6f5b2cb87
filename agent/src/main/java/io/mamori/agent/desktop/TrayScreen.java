package io.mamori.agent.desktop;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * The session helper's screen on a real desktop: notices as balloons of a tray icon
 * ({@link TrayIcon#displayMessage}, shown as toasts on Windows 10 and 11), questions in the
 * {@link OverrideDialog}. Where the desktop has no notification area the notice goes to the
 * helper's standard error, and the agent's own log has it as well.
 */
public final class TrayScreen implements SessionHelper.Screen {

    private TrayIcon icon;

    @Override
    public synchronized void notice(String title, String text, boolean urgent) {
        try {
            if (icon == null) {
                if (!SystemTray.isSupported()) {
                    System.err.println("mamori session helper (no notification area): " + title + ": " + text);
                    return;
                }
                icon = new TrayIcon(image(), title);
                icon.setImageAutoSize(true);
                SystemTray.getSystemTray().add(icon);
            }
            icon.displayMessage(title, text, urgent ? TrayIcon.MessageType.WARNING : TrayIcon.MessageType.INFO);
        } catch (java.awt.AWTException | RuntimeException e) {
            System.err.println("mamori session helper: cannot show a notice (" + e.getMessage() + "): " + title + ": " + text);
        }
    }

    @Override
    public SessionHelper.Window ask(Map<String, String> question, OverrideDialog.AnswerSink answers, Runnable finished)
            throws Exception {
        OverrideDialog dialog = OverrideDialog.open(question, answers, finished);
        return new SessionHelper.Window() {
            @Override
            public void replied(Map<String, String> reply) {
                dialog.replied(reply);
            }

            @Override
            public void withdraw() {
                dialog.withdraw();
                finished.run();
            }
        };
    }

    /** A plain shield-blue square: the helper ships no image files. */
    private static BufferedImage image() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x1F5FAF));
        g.fillRoundRect(1, 1, 14, 14, 5, 5);
        g.dispose();
        return image;
    }
}
