package io.mamori.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reads start only once bytes are there, so a write on the same synchronous pipe handle is never held up. */
class PollingInputTest {

    /** A pipe as PeekNamedPipe sees it: nothing for a while, then bytes, then broken. */
    static final class PeekedPipe extends InputStream {
        final AtomicInteger reads = new AtomicInteger();
        int looks;
        int position;
        final byte[] data = {1, 2, 3};

        @Override
        public int available() throws IOException {
            looks++;
            if (looks < 4) {
                return 0;
            }
            if (position == data.length) {
                throw new IOException("the pipe has been ended (ERROR_BROKEN_PIPE)");
            }
            return data.length - position;
        }

        @Override
        public int read() {
            throw new AssertionError("single-byte reads are not used");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (looks < 4) {
                throw new AssertionError("a read was started before bytes were there");
            }
            reads.incrementAndGet();
            int n = Math.min(length, data.length - position);
            System.arraycopy(data, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    @Test
    void itWaitsWithoutReadingThenReadsWhatIsThereAndFailsOnceThePipeIsBroken() throws IOException {
        PeekedPipe pipe = new PeekedPipe();
        PollingInput in = new PollingInput(pipe, Duration.ofMillis(1));
        byte[] buffer = new byte[10];

        assertThat(in.read(buffer, 0, 2)).isEqualTo(2);
        assertThat(in.read()).isEqualTo(3);
        assertThat(pipe.reads.get()).isEqualTo(2);
        assertThatThrownBy(() -> in.read(buffer, 0, 10)).hasMessageContaining("ERROR_BROKEN_PIPE");
    }
}
