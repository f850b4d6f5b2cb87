package io.mamori.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    @Test
    void aCallerGetsItsBurstThenWaitsWhileOthersAreUnaffected() {
        TokenBuckets buckets = new TokenBuckets(0.001, 3);

        assertThat(buckets.tryAcquire("agent-a")).isTrue();
        assertThat(buckets.tryAcquire("agent-a")).isTrue();
        assertThat(buckets.tryAcquire("agent-a")).isTrue();
        assertThat(buckets.tryAcquire("agent-a")).isFalse();
        assertThat(buckets.tryAcquire("agent-b")).isTrue();
        assertThat(buckets.size()).isEqualTo(2);
    }
}
