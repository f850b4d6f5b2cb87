package io.mamori.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The messages between the agent and the question window. */
class FramesTest {

    @Test
    void textsOfAnyKindArriveAsTheyWereSent() throws Exception {
        Map<String, String> sent = Map.of(Prompt.MESSAGE, "SanDisk Cruzer (SN-1) にコピーした 3 件のファイルに 秘密表示 3 件",
                Prompt.FILE + 0, "案件 #1/見積 = 最終: v2.txt", Prompt.FILE + 1, " leading space and\nnew line\\back\tslash ",
                Prompt.REASON_TEXT, "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.write(Channels.newChannel(out), sent);
        Frames.write(Channels.newChannel(out), Map.of(Prompt.RESULT, Prompt.ACCEPTED));

        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(Frames.read(in)).isEqualTo(sent);
        assertThat(Frames.read(in)).isEqualTo(Map.of(Prompt.RESULT, Prompt.ACCEPTED));
        assertThatThrownBy(() -> Frames.read(in)).as("the other side has closed").isInstanceOf(EOFException.class);
    }

    @Test
    void aFrameCutShortOrClaimingTooMuchIsRefused() throws Exception {
        byte[] frame = Frames.encode(Map.of("k", "v"));
        assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(Arrays.copyOf(frame, frame.length - 1))))
                .isInstanceOf(EOFException.class);
        byte[] huge = ByteBuffer.allocate(4).putInt(Frames.MAX_BYTES + 1).array();
        assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(huge))).isInstanceOf(IOException.class)
                .hasMessageContaining("not accepted");
        byte[] negative = ByteBuffer.allocate(4).putInt(-5).array();
        assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(negative))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Frames.encode(Map.of("k", "x".repeat(Frames.MAX_BYTES)))).isInstanceOf(IOException.class);
    }
}
