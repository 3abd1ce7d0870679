package io.github.sslstarter.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.ExternalTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For each cipher string of {@code cipher-string-corpus.txt} (strings from real configurations:
 * Mozilla's guidelines, Apache, nginx, mail servers, IO::Socket::SSL's defaults and manual,
 * hardening guides, OpenSSL's manual, and keyword combinations), {@link CipherSpec#resolve} gives
 * the suites, in the order, that the local {@code openssl ciphers -s -stdname} prints, restricted
 * to the TLS 1.2-and-earlier suites this JVM supports; where OpenSSL finds nothing, resolving fails
 * with "leaves no cipher suite". Strings without {@code @SECLEVEL} are compared at
 * {@code @SECLEVEL=0}, since the resolver applies a level only when the string names one.
 */
class CipherSpecConformanceTest {

	private static List<String> supported;

	@BeforeAll
	static void jvmSuites() throws Exception {
		ExternalTool.openssl().require();
		supported = List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
	}

	@Test
	void corpusHasAtLeast150Strings() throws IOException {
		assertThat(corpus()).hasSizeGreaterThanOrEqualTo(150);
	}

	@Test
	void everyCorpusStringResolvesLikeOpenSsl() throws IOException {
		List<String> corpus = corpus();
		List<String> differences = new ArrayList<>();
		for (String cipherString : corpus) {
			String difference = compare(cipherString);
			if (difference != null) {
				differences.add(difference);
			}
		}
		System.out.println("CipherSpecConformanceTest: compared " + corpus.size() + " cipher strings with "
				+ OpenSsl.version() + ", " + differences.size() + " differ");
		assertThat(differences).as("cipher strings that resolve unlike OpenSSL").isEmpty();
	}

	private static String compare(String cipherString) {
		String level = cipherString.contains("@SECLEVEL") ? "" : ":@SECLEVEL=0";
		List<String> expected = OpenSsl.ciphers(cipherString + level, true)
			.stream()
			.filter(supported::contains)
			.filter((suite) -> !CipherSpec.isTls13Suite(suite))
			.toList();
		List<String> actual;
		try {
			actual = CipherSpec.resolve(cipherString, supported);
		}
		catch (SpecException ex) {
			if (expected.isEmpty() && ex.getMessage().contains("leaves no cipher suite")) {
				return null;
			}
			return "'" + cipherString + "': OpenSSL " + expected + ", we fail: " + ex.getMessage();
		}
		return actual.equals(expected) ? null : "'" + cipherString + "': OpenSSL " + expected + ", we " + actual;
	}

	private static List<String> corpus() throws IOException {
		try (InputStream in = CipherSpecConformanceTest.class.getResourceAsStream("cipher-string-corpus.txt")) {
			assertThat(in).as("cipher-string-corpus.txt").isNotNull();
			List<String> strings = new ArrayList<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					strings.add(line.split("\t")[0]);
				}
			}
			return strings;
		}
	}

}
