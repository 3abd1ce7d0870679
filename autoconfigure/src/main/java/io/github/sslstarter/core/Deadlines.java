package io.github.sslstarter.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The handshake deadlines of the JVM, kept by one daemon thread that looks at the pending ones
 * every {@value #TICK_MILLIS} ms while there are any, and sleeps when there have been none for
 * a while. Setting and cancelling a deadline touch a concurrent set and wake nothing: a
 * {@code ScheduledThreadPoolExecutor} wakes its thread whenever a new task becomes the earliest,
 * which, one handshake at a time, is every handshake (about 10 µs of CPU each, measured alone: see
 * {@code benchmarks/RESULTS.md}). A deadline fires up to one tick late.
 */
final class Deadlines {

	static final long TICK_MILLIS = 10;

	private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);

	/** Empty ticks before the thread sleeps until the next deadline is set. */
	private static final int LINGER_TICKS = 20;

	private static final Set<Deadline> pending = ConcurrentHashMap.newKeySet();

	private static final AtomicBoolean sleeping = new AtomicBoolean();

	private static final Thread keeper = new Thread(Deadlines::keep, "tls-handshake-deadlines");

	static {
		keeper.setDaemon(true);
		keeper.start();
	}

	private Deadlines() {
	}

	/** Runs {@code action} on the keeper's thread once {@code millis} have passed, unless cancelled first. */
	static Deadline after(long millis, Runnable action) {
		Deadline deadline = new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis), action);
		pending.add(deadline);
		if (sleeping.get() && sleeping.compareAndSet(true, false)) {
			LockSupport.unpark(keeper);
		}
		return deadline;
	}

	/** How many deadlines are pending now. */
	static int pending() {
		return pending.size();
	}

	private static void keep() {
		int empty = 0;
		while (true) {
			if (pending.isEmpty()) {
				if (++empty >= LINGER_TICKS) {
					sleeping.set(true);
					// looked at again after saying so: a deadline set meanwhile either is seen here or unparks
					if (pending.isEmpty()) {
						LockSupport.park(Deadlines.class);
					}
					sleeping.set(false);
					empty = 0;
					continue;
				}
			}
			else {
				empty = 0;
				long now = System.nanoTime();
				for (Deadline deadline : pending) {
					if (now - deadline.due >= 0) {
						deadline.fire();
					}
				}
			}
			LockSupport.parkNanos(Deadlines.class, TICK_NANOS);
		}
	}

	/** One deadline: pending until it fires or is cancelled, whichever comes first. */
	static final class Deadline {

		private static final int PENDING = 0;

		private static final int FIRED = 1;

		private static final int CANCELLED = 2;

		private final long due;

		private final Runnable action;

		private final AtomicInteger state = new AtomicInteger(PENDING);

		private Deadline(long due, Runnable action) {
			this.due = due;
			this.action = action;
		}

		/** Cancels the deadline; {@code false} when it has fired already. */
		boolean cancel() {
			if (this.state.compareAndSet(PENDING, CANCELLED)) {
				pending.remove(this);
				return true;
			}
			return this.state.get() == CANCELLED;
		}

		private void fire() {
			if (this.state.compareAndSet(PENDING, FIRED)) {
				pending.remove(this);
				try {
					this.action.run();
				}
				catch (RuntimeException ex) {
					// an action only closes sockets; the keeper serves every other deadline
				}
			}
		}

	}

}
