package io.mamori.agent.patch;

/**
 * A program's output was not what it prints when it works (an error, cut short, another format):
 * the patch level is then unknown, never "nothing pending".
 */
public final class UnreadableOutputException extends Exception {

    public UnreadableOutputException(String program, String problem, String output) {
        super(program + ": " + problem + firstLine(output));
    }

    /** The first non-blank line of the output, shortened: enough to say what went wrong, never the whole output. */
    private static String firstLine(String output) {
        if (output == null) {
            return "";
        }
        String line = output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (line.isEmpty()) {
            return " (no output)";
        }
        return " (" + (line.length() > 200 ? line.substring(0, 200) + "…" : line) + ")";
    }
}
