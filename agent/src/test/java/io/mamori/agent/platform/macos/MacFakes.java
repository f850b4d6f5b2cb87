package io.mamori.agent.platform.macos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fakes at the JNA and process line, fed {@link MacRecorded} values. */
final class MacFakes {

    private MacFakes() {
    }

    /** An IOKit registry holding a chain per BSD name; a name it lacks fails as IOKit would ("no IOMedia"). */
    static final class IoKit implements IoKitNative {
        final Map<String, List<Map<String, Object>>> chains;
        IOException failure;

        IoKit(Map<String, List<Map<String, Object>>> chains) {
            this.chains = chains;
        }

        @Override
        public List<Map<String, Object>> parents(String bsdName, int maxDepth) throws IOException {
            if (failure != null) {
                throw failure;
            }
            List<Map<String, Object>> chain = chains.get(bsdName);
            if (chain == null) {
                throw new IOException("IOKit has no IOMedia named " + bsdName);
            }
            return chain.subList(0, Math.min(maxDepth, chain.size()));
        }
    }

    /** diskutil with a given output per BSD name; records the action commands it was asked to run. */
    static final class Diskutil implements Commands {
        final Map<String, byte[]> info;
        final List<String> ran = new ArrayList<>();
        final List<String> failing = new ArrayList<>();

        Diskutil(Map<String, byte[]> info) {
            this.info = info;
        }

        @Override
        public byte[] diskutilInfo(String bsdName) throws IOException {
            byte[] plist = info.get(bsdName);
            if (plist == null) {
                throw new IOException("diskutil info -plist " + bsdName + " failed (1): Could not find disk");
            }
            return plist;
        }

        @Override
        public void diskutil(List<String> arguments) throws IOException {
            String command = String.join(" ", arguments);
            ran.add(command);
            if (failing.stream().anyMatch(command::startsWith)) {
                throw new IOException("diskutil " + command + " failed (1): Volume failed to unmount");
            }
        }
    }
}
