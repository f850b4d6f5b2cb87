package io.mamori.agent.desktop;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JRadioButton;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;

/**
 * The question asked when a copy is held (WARN_OVERRIDE): started by the agent in the employee's
 * graphical session, as the employee, with the path of a socket only that user can open. It shows
 * the question the agent sends (every text already in the employee's language), and sends back
 * the answer: continue with a reason, or cancel. When the agent closes the socket (time is up, or
 * the agent stopped) the window closes. On Windows the session helper opens the same window
 * ({@link #open}) for each question it is sent over its pipe. Keyboard: Alt+1…9 choose a reason, Enter continues,
 * Escape cancels.
 *
 * <p>Nothing but the JDK is used, so that the class path is the agent's jar alone.
 */
public final class OverrideDialog {

    /** The width the texts wrap at, in pixels. */
    private static final int TEXT_WIDTH = 560;

    private final AnswerSink answers;
    private final Runnable finished;
    private final Map<String, String> question;
    private final List<JRadioButton> reasons = new ArrayList<>();
    private final JTextField explanation = new JTextField(40);
    private final JLabel problem = new JLabel(" ");
    private final JLabel countdown = new JLabel(" ");
    private final JSpinner period = new JSpinner(new SpinnerNumberModel(8, 1, 720, 1));
    private final JComboBox<String> unit = new JComboBox<>();
    private final JButton proceed;
    private final JButton cancel;
    private final long deadlineNanos;
    private JFrame frame;
    private volatile boolean answered;

    /** Where the window's answers go: the socket on Linux, the session helper's pipe on Windows. */
    @FunctionalInterface
    public interface AnswerSink {
        void send(Map<String, String> answer) throws IOException;
    }

    private OverrideDialog(AnswerSink answers, Runnable finished, Map<String, String> question) {
        this.answers = answers;
        this.finished = finished;
        this.question = question;
        this.proceed = new JButton(question.getOrDefault(Prompt.CONTINUE, "Continue"));
        this.cancel = new JButton(question.getOrDefault(Prompt.CANCEL, "Cancel"));
        long seconds = Math.max(1, Long.parseLong(question.getOrDefault(Prompt.SECONDS, "60")));
        this.deadlineNanos = System.nanoTime() + seconds * 1_000_000_000L;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OverrideDialog <socket>");
            System.exit(2);
        }
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])));
        InputStream in = Channels.newInputStream(channel);
        Map<String, String> question = Frames.read(in);
        OverrideDialog dialog = open(question, answer -> Frames.write(channel, answer), () -> System.exit(0));
        // the agent's replies, and its closing of the socket when the time is up
        try {
            while (true) {
                dialog.replied(Frames.read(in));
            }
        } catch (IOException closed) {
            dialog.withdraw();
            System.exit(0);
        }
    }

    /**
     * Shows the question (names of {@link Prompt}) and returns once the window is up. Answers go to
     * {@code answers}; {@code finished} runs once the window has closed after an accepted answer,
     * or because the answers can no longer be sent.
     */
    public static OverrideDialog open(Map<String, String> question, AnswerSink answers, Runnable finished)
            throws Exception {
        OverrideDialog dialog = new OverrideDialog(answers, finished, question);
        SwingUtilities.invokeAndWait(dialog::show);
        return dialog;
    }

    /** The agent's reply to an answer (any thread). */
    public void replied(Map<String, String> reply) {
        SwingUtilities.invokeLater(() -> onReply(reply));
    }

    /** Time is up or the agent went away: the window closes without an answer (any thread). */
    public void withdraw() {
        try {
            SwingUtilities.invokeAndWait(this::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.lang.reflect.InvocationTargetException e) {
            // closing a window does not fail in a way worth reporting: it is gone either way
        }
    }

    private void show() {
        frame = new JFrame(question.getOrDefault(Prompt.TITLE, "Mamori"));
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                answer(Prompt.CANCELLED); // closing the window is a cancel: the files stay blocked
            }
        });
        JPanel content = new JPanel(new BorderLayout(0, 12));
        content.setBorder(BorderFactory.createEmptyBorder(16, 18, 14, 18));

        JPanel top = new JPanel();
        top.setLayout(new BoxLayout(top, BoxLayout.Y_AXIS));
        JLabel heading = new JLabel(question.getOrDefault(Prompt.HEADING, ""));
        heading.setFont(heading.getFont().deriveFont(Font.BOLD, heading.getFont().getSize2D() + 3));
        top.add(left(heading));
        top.add(Box.createVerticalStrut(8));
        top.add(left(wrapped(question.getOrDefault(Prompt.MESSAGE, ""))));
        content.add(top, BorderLayout.NORTH);

        JPanel middle = new JPanel();
        middle.setLayout(new BoxLayout(middle, BoxLayout.Y_AXIS));
        List<String> files = new ArrayList<>();
        for (int i = 0; question.containsKey(Prompt.FILE + i); i++) {
            files.add(question.get(Prompt.FILE + i));
        }
        if (!files.isEmpty()) {
            middle.add(left(new JLabel(question.getOrDefault(Prompt.FILES_LABEL, ""))));
            JList<String> list = new JList<>(files.toArray(String[]::new));
            list.setVisibleRowCount(Math.min(6, Math.max(1, files.size())));
            list.setFocusable(false);
            JScrollPane scroll = new JScrollPane(list);
            scroll.setAlignmentX(Component.LEFT_ALIGNMENT);
            middle.add(scroll);
            middle.add(Box.createVerticalStrut(12));
        }
        if (question.containsKey(Prompt.PERIOD_LABEL)) {
            // a device request: for how long, in hours or days
            JPanel row = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
            row.setAlignmentX(Component.LEFT_ALIGNMENT);
            row.add(new JLabel(question.get(Prompt.PERIOD_LABEL)));
            period.setValue(Integer.parseInt(question.getOrDefault(Prompt.PERIOD_VALUE, "8")));
            row.add(period);
            unit.addItem(question.getOrDefault(Prompt.PERIOD_HOURS_UNIT, "hours"));
            unit.addItem(question.getOrDefault(Prompt.PERIOD_DAYS_UNIT, "days"));
            row.add(unit);
            middle.add(row);
            middle.add(Box.createVerticalStrut(12));
        }
        middle.add(left(new JLabel(question.getOrDefault(Prompt.REASONS_LABEL, ""))));
        ButtonGroup group = new ButtonGroup();
        JPanel choices = new JPanel(new GridLayout(0, 1));
        choices.setAlignmentX(Component.LEFT_ALIGNMENT);
        for (int i = 0; question.containsKey(Prompt.REASON + i + ".id"); i++) {
            JRadioButton choice = new JRadioButton((i + 1) + ". " + question.get(Prompt.REASON + i + ".label"));
            choice.putClientProperty(Prompt.REASON, i);
            if (i < 9) {
                choice.setMnemonic(KeyEvent.VK_1 + i);
            }
            boolean needsText = "true".equals(question.get(Prompt.REASON + i + ".text"));
            choice.addActionListener(e -> {
                problem.setText(" ");
                if (needsText) {
                    explanation.requestFocusInWindow();
                }
            });
            group.add(choice);
            reasons.add(choice);
            choices.add(choice);
        }
        middle.add(choices);
        middle.add(Box.createVerticalStrut(8));
        middle.add(left(new JLabel(question.getOrDefault(Prompt.EXPLANATION_LABEL, ""))));
        explanation.setAlignmentX(Component.LEFT_ALIGNMENT);
        explanation.setMaximumSize(new Dimension(Integer.MAX_VALUE, explanation.getPreferredSize().height));
        middle.add(explanation);
        problem.setForeground(new Color(0xB00020));
        middle.add(left(problem));
        content.add(middle, BorderLayout.CENTER);

        JPanel bottom = new JPanel(new BorderLayout(0, 8));
        bottom.add(countdown, BorderLayout.NORTH);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 8, 0));
        proceed.addActionListener(e -> proceed());
        cancel.addActionListener(e -> answer(Prompt.CANCELLED));
        buttons.add(cancel);
        buttons.add(proceed);
        bottom.add(buttons, BorderLayout.EAST);
        content.add(bottom, BorderLayout.SOUTH);

        frame.getRootPane().setDefaultButton(proceed);
        frame.getRootPane().getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW)
                .put(KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), "cancel");
        frame.getRootPane().getActionMap().put("cancel", new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                answer(Prompt.CANCELLED);
            }
        });
        frame.setContentPane(content);
        frame.pack();
        frame.setMinimumSize(new Dimension(TEXT_WIDTH + 40, frame.getHeight()));
        frame.setAlwaysOnTop(true);
        frame.setLocationRelativeTo(null);
        tick();
        new Timer(1000, e -> tick()).start();
        frame.setVisible(true);
        frame.toFront();
        explanation.requestFocusInWindow();
    }

    private static JComponent left(JComponent component) {
        component.setAlignmentX(Component.LEFT_ALIGNMENT);
        return component;
    }

    /** Text that wraps at the window's width (a label with HTML: the text is escaped, so it is shown as it is). */
    private static JLabel wrapped(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
        return new JLabel("<html><body style='width: " + TEXT_WIDTH + "px'>" + escaped + "</body></html>");
    }

    private void tick() {
        long left = Math.max(0, (deadlineNanos - System.nanoTime() + 999_999_999L) / 1_000_000_000L);
        countdown.setText(question.getOrDefault(Prompt.COUNTDOWN, "{seconds}").replace("{seconds}", Long.toString(left)));
        if (left == 0) {
            proceed.setEnabled(false);
            cancel.setEnabled(false);
        }
    }

    private void proceed() {
        int chosen = -1;
        for (JRadioButton choice : reasons) {
            if (choice.isSelected()) {
                chosen = (Integer) choice.getClientProperty(Prompt.REASON);
            }
        }
        if (chosen < 0) {
            problem.setText(question.getOrDefault(Prompt.CHOOSE_REASON, "?"));
            return;
        }
        String text = explanation.getText().strip();
        if ("true".equals(question.get(Prompt.REASON + chosen + ".text")) && text.isEmpty()) {
            problem.setText(question.getOrDefault(Prompt.EXPLANATION_REQUIRED, "?"));
            explanation.requestFocusInWindow();
            return;
        }
        Map<String, String> answer = new java.util.HashMap<>(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID,
                question.get(Prompt.REASON + chosen + ".id"), Prompt.REASON_TEXT, text));
        if (question.containsKey(Prompt.PERIOD_LABEL)) {
            int value = (Integer) period.getValue();
            answer.put(Prompt.PERIOD_HOURS, Integer.toString(unit.getSelectedIndex() == 1 ? value * 24 : value));
        }
        send(answer);
    }

    private void answer(String outcome) {
        send(Map.of(Prompt.OUTCOME, outcome));
    }

    private void send(Map<String, String> answer) {
        if (answered) {
            return;
        }
        try {
            answers.send(answer);
            answered = true;
            proceed.setEnabled(false);
            cancel.setEnabled(false);
        } catch (IOException e) {
            close(); // the agent is gone: nothing can be answered any more
            finished.run();
        }
    }

    /** The agent's reply to an answer: taken (the window closes) or not valid (said why; ask again). */
    private void onReply(Map<String, String> reply) {
        if (Prompt.ACCEPTED.equals(reply.get(Prompt.RESULT))) {
            close();
            finished.run();
            return;
        }
        answered = false;
        proceed.setEnabled(true);
        cancel.setEnabled(true);
        problem.setText(reply.getOrDefault(Prompt.PROBLEM, "?"));
    }

    private void close() {
        if (frame != null) {
            frame.dispose();
        }
    }
}
