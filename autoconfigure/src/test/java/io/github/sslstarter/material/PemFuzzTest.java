package io.github.sslstarter.material;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.sslstarter.testing.Fuzzing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PEM and DER loading under fuzzed bytes: each input is loaded from a file and, when it holds
 * {@code -----BEGIN}, as inline PEM text too; the result is the material or a
 * {@link MaterialException}, nothing else, and never slower than linear. The regression inputs
 * (real keys, certificates and CRLs, PEM and DER) are in {@code PemFuzzTestInputs/} beside this
 * class's package in the test resources; encrypted keys there use the password {@value #PASSWORD}.
 */
class PemFuzzTest {

	static final String PASSWORD = "fuzz";

	private static final Path FILE = tempFile();

	@FuzzTest(maxDuration = "5m")
	void privateKey(byte[] input) {
		// From a file with the seeds' password (decryption is tried), inline without one.
		load(input, "Material.privateKey", (location) -> Material.privateKey(location, PASSWORD.toCharArray()),
				(location) -> Material.privateKey(location, null), (PrivateKey key) -> assertThat(key).isNotNull());
	}

	@FuzzTest(maxDuration = "5m")
	void certificates(byte[] input) {
		load(input, "Material.certificates", Material::certificates, Material::certificates,
				(List<X509Certificate> certificates) -> assertThat(certificates).isNotEmpty().doesNotContainNull());
	}

	@FuzzTest(maxDuration = "5m")
	void crls(byte[] input) {
		load(input, "Material.crls", Material::crls, Material::crls,
				(List<X509CRL> crls) -> assertThat(crls).isNotEmpty().doesNotContainNull());
	}

	private static <T> void load(byte[] input, String what, Function<String, T> fromFile, Function<String, T> inline,
			Consumer<T> check) {
		loadOnce(input, what, fromFile, inline, check);
		byte[] repeated = Fuzzing.repeated(input);
		if (repeated != null) {
			loadOnce(repeated, what + " of the input repeated", fromFile, inline, check);
		}
	}

	private static <T> void loadOnce(byte[] input, String what, Function<String, T> fromFile,
			Function<String, T> inline, Consumer<T> check) {
		write(input);
		T loaded = Fuzzing.call(what + " (file)", List.of(MaterialException.class), () -> fromFile.apply(FILE.toString()));
		if (loaded != null) {
			check.accept(loaded);
		}
		String text = new String(input, StandardCharsets.ISO_8859_1);
		if (Location.isInline(text)) {
			T fromText = Fuzzing.call(what + " (inline PEM)", List.of(MaterialException.class), () -> inline.apply(text));
			if (fromText != null) {
				check.accept(fromText);
			}
		}
	}

	private static void write(byte[] input) {
		try {
			Files.write(FILE, input);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path tempFile() {
		try {
			Path file = Files.createTempFile("pem-fuzz-", ".bin");
			file.toFile().deleteOnExit();
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
