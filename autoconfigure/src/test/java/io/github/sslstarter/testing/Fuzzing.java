package io.github.sslstarter.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every fuzz target asserts about one call: it returns or throws one of the exceptions its
 * method declares (anything else, an NPE, an index out of bounds, a stack overflow, is a finding),
 * and it returns within {@link #LIMIT}, far above what a linear pass costs, also on the input
 * {@link #repeated} to {@value #REPEATED_SIZE} bytes, where a quadratic pass would take seconds.
 */
public final class Fuzzing {

	/** Generous: every call under test is linear and takes microseconds to milliseconds. */
	public static final Duration LIMIT = Duration.ofSeconds(1);

	/** The size a {@link #repeated} input reaches: 16 times libFuzzer's default maximum length. */
	public static final int REPEATED_SIZE = 64 * 1024;

	/** With {@code JAZZER_FUZZ} set Jazzer fuzzes; without, it runs the regression inputs only. */
	private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null
			&& !System.getenv("JAZZER_FUZZ").isEmpty();

	private Fuzzing() {
	}

	/**
	 * The call's result, or null when it threw a declared exception. A call slower than
	 * {@link #LIMIT} is made once more before it fails: the first call of a target may pay for
	 * class loading, instrumentation or a collection on a busy machine, a superlinear input pays again.
	 * @param what the call, for the failure message
	 * @param declared the exception types the call declares (subclasses included)
	 * @param call the call
	 * @throws AssertionError when the call throws anything else or is slower than {@link #LIMIT} twice
	 */
	public static <T> T call(String what, List<Class<? extends RuntimeException>> declared, Supplier<T> call) {
		long start = System.nanoTime();
		T result = callOnce(what, declared, call);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		if (took.compareTo(LIMIT) > 0) {
			long again = System.nanoTime();
			callOnce(what, declared, call);
			Duration tookAgain = Duration.ofNanos(System.nanoTime() - again);
			if (tookAgain.compareTo(LIMIT) > 0) {
				throw new AssertionError(what + " took " + took.toMillis() + " ms and " + tookAgain.toMillis()
						+ " ms, more than " + LIMIT.toMillis() + " ms: slower than linear in its input?");
			}
		}
		return result;
	}

	/** A call that declares no exception at all. */
	public static <T> T call(String what, Supplier<T> call) {
		return call(what, List.of(), call);
	}

	/**
	 * The input repeated up to {@link #REPEATED_SIZE} bytes, for the linear-time check; null for an
	 * empty input and, while fuzzing, for 15 inputs in 16 (it would cost most of the executions).
	 * @param input the fuzzer's input
	 * @return the repeated input, or null when the check is skipped for this input
	 */
	public static byte[] repeated(byte[] input) {
		return repeated(input, REPEATED_SIZE);
	}

	/**
	 * The input repeated up to {@code size} bytes, as {@link #repeated(byte[])}: for a language whose
	 * every element is matched against a table, where 64 KiB of elements cost too much even when linear.
	 * @param input the fuzzer's input
	 * @param size the size to reach
	 * @return the repeated input, or null when the check is skipped for this input
	 */
	public static byte[] repeated(byte[] input, int size) {
		if (input.length == 0 || (FUZZING && (Arrays.hashCode(input) & 15) != 0)) {
			return null;
		}
		int copies = Math.max(1, size / input.length);
		byte[] repeated = new byte[copies * input.length];
		for (int i = 0; i < copies; i++) {
			System.arraycopy(input, 0, repeated, i * input.length, input.length);
		}
		return repeated;
	}

	private static <T> T callOnce(String what, List<Class<? extends RuntimeException>> declared, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			for (Class<? extends RuntimeException> type : declared) {
				if (type.isInstance(ex)) {
					return null;
				}
			}
			throw new AssertionError(what + " threw an undeclared " + ex.getClass().getName() + ": " + ex.getMessage(),
					ex);
		}
	}

}
