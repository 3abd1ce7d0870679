package io.github.sslstarter.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake deadlines: each fires once, not before its time and at most a few ticks after
 * it, on the keeper's thread; a cancelled one never fires; the keeper wakes for a deadline set
 * after it went to sleep.
 */
class DeadlinesTest {

	@Test
	void firesOnceNotBeforeItsTime() throws Exception {
		CountDownLatch fired = new CountDownLatch(1);
		AtomicLong at = new AtomicLong();
		AtomicInteger times = new AtomicInteger();
		String[] thread = new String[1];
		long start = System.nanoTime();
		Deadlines.after(200, () -> {
			at.set(System.nanoTime());
			thread[0] = Thread.currentThread().getName();
			times.incrementAndGet();
			fired.countDown();
		});
		assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(at.get() - start);
		assertThat(tookMillis).isBetween(200L, 200L + 20 * Deadlines.TICK_MILLIS);
		assertThat(thread[0]).isEqualTo("tls-handshake-deadlines");
		Thread.sleep(100);
		assertThat(times).hasValue(1);
	}

	@Test
	void aCancelledDeadlineNeverFires() throws Exception {
		AtomicInteger fired = new AtomicInteger();
		List<Deadlines.Deadline> deadlines = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			deadlines.add(Deadlines.after(50, fired::incrementAndGet));
		}
		for (Deadlines.Deadline deadline : deadlines) {
			assertThat(deadline.cancel()).isTrue();
		}
		CountDownLatch control = new CountDownLatch(1);
		Deadlines.after(100, control::countDown);
		assertThat(control.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(fired).hasValue(0);
	}

	@Test
	void manyConcurrentDeadlinesAllFireAndAFiredOneCannotBeCancelled() throws Exception {
		int count = 500;
		CountDownLatch fired = new CountDownLatch(count);
		List<Deadlines.Deadline> deadlines = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			deadlines.add(Deadlines.after(20 + (i % 50), fired::countDown));
		}
		assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(deadlines).noneMatch(Deadlines.Deadline::cancel);
	}

	@Test
	void theKeeperWakesForADeadlineSetWhileItSleeps() throws Exception {
		// long enough without a deadline for the keeper to go to sleep
		long idle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (Deadlines.pending() > 0 && System.nanoTime() < idle) {
			Thread.sleep(10);
		}
		Thread.sleep(40 * Deadlines.TICK_MILLIS);
		CountDownLatch fired = new CountDownLatch(1);
		long start = System.nanoTime();
		Deadlines.after(30, fired::countDown);
		assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(30 + 20 * Deadlines.TICK_MILLIS);
	}

}
