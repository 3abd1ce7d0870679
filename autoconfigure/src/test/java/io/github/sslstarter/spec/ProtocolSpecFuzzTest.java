package io.github.sslstarter.spec;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.sslstarter.testing.Fuzzing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol spec under fuzzed text: a list of JSSE protocol names newest first, or a
 * {@link SpecException}; nothing else, and never slower than linear. The regression inputs are in
 * {@code ProtocolSpecFuzzTestInputs/} beside this class's package in the test resources.
 */
class ProtocolSpecFuzzTest {

	private static final List<String> SUPPORTED = supported();

	private static final List<String> VERSIONS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3");

	@FuzzTest(maxDuration = "5m")
	void resolve(byte[] input) {
		resolveSpec(input);
		byte[] repeated = Fuzzing.repeated(input);
		if (repeated != null) {
			resolveSpec(repeated);
		}
	}

	@FuzzTest(maxDuration = "5m")
	void resolveUnderDisabledAlgorithms(byte[] input) {
		resolveUnderDisabled(input);
		byte[] repeated = Fuzzing.repeated(input);
		if (repeated != null) {
			resolveUnderDisabled(repeated);
		}
	}

	private static void resolveSpec(byte[] input) {
		String spec = new String(input, StandardCharsets.UTF_8);
		List<String> protocols = Fuzzing.call("ProtocolSpec.resolve", List.of(SpecException.class),
				() -> ProtocolSpec.resolve(spec, SUPPORTED));
		if (protocols != null) {
			assertThat(protocols).isNotEmpty().doesNotHaveDuplicates().isSubsetOf(SUPPORTED).isSubsetOf(VERSIONS);
			assertThat(protocols).isSortedAccordingTo((a, b) -> VERSIONS.indexOf(a) - VERSIONS.indexOf(b));
		}
	}

	private static void resolveUnderDisabled(byte[] input) {
		// The first line stands for the jdk.tls.disabledAlgorithms security property, the rest is the spec.
		String text = new String(input, StandardCharsets.UTF_8);
		int newline = text.indexOf('\n');
		String disabled = (newline >= 0) ? text.substring(0, newline) : text;
		String spec = (newline >= 0) ? text.substring(newline + 1) : "";
		List<String> protocols = Fuzzing.call("ProtocolSpec.resolve", List.of(SpecException.class),
				() -> ProtocolSpec.resolve(spec, SUPPORTED, disabled));
		if (protocols != null) {
			List<String> refused = List.copyOf(ProtocolSpec.disabledVersions(disabled));
			assertThat(protocols).isNotEmpty()
				.doesNotHaveDuplicates()
				.isSubsetOf(SUPPORTED)
				.noneMatch(refused::contains);
		}
	}

	private static List<String> supported() {
		try {
			return List.of(SSLContext.getDefault().getSupportedSSLParameters().getProtocols());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
