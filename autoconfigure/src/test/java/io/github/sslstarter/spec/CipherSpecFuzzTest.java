package io.github.sslstarter.spec;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.sslstarter.testing.Fuzzing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cipher-string language under fuzzed text: the TLS 1.2 suites this JVM supports, or a
 * {@link SpecException}; nothing else, and never slower than linear. The regression inputs are in
 * {@code CipherSpecFuzzTestInputs/} beside this class's package in the test resources.
 */
class CipherSpecFuzzTest {

	/** Some 1,000 elements, each matched against every suite OpenSSL ever had (about 20 µs a byte, linear). */
	private static final int REPEATED_SIZE = 8 * 1024;

	private static final List<String> SUPPORTED = supported();

	private static final List<String> DEFAULTS = defaults();

	@FuzzTest(maxDuration = "5m")
	void cipherString(byte[] input) {
		resolveCipherString(input);
		byte[] repeated = Fuzzing.repeated(input, REPEATED_SIZE);
		if (repeated != null) {
			resolveCipherString(repeated);
		}
	}

	@FuzzTest(maxDuration = "5m")
	void tls13Suites(byte[] input) {
		resolveTls13Suites(input);
		byte[] repeated = Fuzzing.repeated(input, REPEATED_SIZE);
		if (repeated != null) {
			resolveTls13Suites(repeated);
		}
	}

	private static void resolveCipherString(byte[] input) {
		String spec = new String(input, StandardCharsets.UTF_8);
		CipherResolution resolution = Fuzzing.call("CipherSpec.resolution", List.of(SpecException.class),
				() -> CipherSpec.resolution(spec, SUPPORTED, DEFAULTS));
		if (resolution != null) {
			assertThat(resolution.suites()).isNotEmpty()
				.doesNotHaveDuplicates()
				.isSubsetOf(SUPPORTED)
				.noneMatch(CipherSpec::isTls13Suite);
		}
		List<String> trace = Fuzzing.call("CipherSpec.explain", List.of(SpecException.class),
				() -> CipherSpec.explain(spec, SUPPORTED));
		if (resolution != null) {
			assertThat(trace).isNotNull().last().asString().startsWith("result: ");
		}
	}

	private static void resolveTls13Suites(byte[] input) {
		String spec = new String(input, StandardCharsets.UTF_8);
		List<String> suites = Fuzzing.call("CipherSpec.resolveTls13", List.of(SpecException.class),
				() -> CipherSpec.resolveTls13(spec, SUPPORTED));
		if (suites != null) {
			assertThat(suites).doesNotHaveDuplicates().isSubsetOf(SUPPORTED).allMatch(CipherSpec::isTls13Suite);
		}
	}

	private static List<String> supported() {
		try {
			return List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> defaults() {
		try {
			return List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
