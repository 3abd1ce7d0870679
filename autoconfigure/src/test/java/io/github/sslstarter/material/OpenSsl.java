package io.github.sslstarter.material;

import io.github.sslstarter.testing.ExternalPeer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the {@code openssl} CLI (and the JDK's {@code keytool}) in a directory to make test
 * material. Without openssl the calling test is skipped, except on CI where it fails.
 */
final class OpenSsl {

	static final String PASSWORD = "s3cret-Pa55";

	private OpenSsl() {
	}

	static void requireInstalled() {
		ExternalPeer.require("openssl");
	}

	/** Runs {@code openssl args...} in {@code directory}; fails the test on a non-zero exit. */
	static String run(Path directory, String... args) {
		requireInstalled();
		List<String> command = new ArrayList<>();
		command.add("openssl");
		command.addAll(List.of(args));
		return exec(directory, command);
	}

	/**
	 * Runs {@code openssl args...} in {@code directory} where openssl is expected to refuse (a key
	 * type a format cannot hold); fails the test when it succeeds, and returns what it printed.
	 */
	static String fails(Path directory, String... args) {
		requireInstalled();
		List<String> command = new ArrayList<>();
		command.add("openssl");
		command.addAll(List.of(args));
		return exec(directory, command, false);
	}

	/** Runs the JDK's keytool in {@code directory}. */
	static String keytool(Path directory, String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		return exec(directory, command);
	}

	private static String exec(Path directory, List<String> command) {
		return exec(directory, command, true);
	}

	private static String exec(Path directory, List<String> command, boolean succeed) {
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				fail("Command timed out: " + String.join(" ", command) + "\n" + output);
			}
			if ((process.exitValue() == 0) != succeed) {
				fail("Command " + (succeed ? "failed" : "succeeded, though it was expected to fail") + ": "
						+ String.join(" ", command) + "\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Generates a PKCS#8 PEM key of {@code algorithm} (RSA, EC, ED25519) as {@code name}. */
	static Path generateKey(Path directory, String algorithm, String name) {
		switch (algorithm) {
			case "RSA" -> run(directory, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
					name);
			case "EC" -> run(directory, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
					name);
			case "ED25519" -> run(directory, "genpkey", "-algorithm", "ED25519", "-out", name);
			default -> throw new IllegalArgumentException(algorithm);
		}
		return directory.resolve(name);
	}

	/** A self-signed certificate for the key {@code keyName} with the given common name. */
	static Path selfSigned(Path directory, String keyName, String commonName, String name) {
		run(directory, "req", "-x509", "-new", "-key", keyName, "-subj", "/CN=" + commonName, "-days", "2", "-out",
				name);
		return directory.resolve(name);
	}

	/** A PEM CRL signed by the CA, revoking {@code revokedCertificate}; made with {@code openssl ca}. */
	static Path crl(Path directory, String caKey, String caCertificate, String revokedCertificate, String name) {
		try {
			Path database = Files.createTempDirectory(directory, "ca-db");
			Files.writeString(database.resolve("index.txt"), "");
			Files.writeString(database.resolve("crlnumber"), "01\n");
			Files.writeString(database.resolve("ca.cnf"), String.join("\n", "[ca]",
					"default_ca = ca_default", "[ca_default]", "database = " + database.resolve("index.txt"),
					"crlnumber = " + database.resolve("crlnumber"), "default_md = sha256", "default_crl_days = 1", ""));
			String config = database.resolve("ca.cnf").toString();
			run(directory, "ca", "-config", config, "-keyfile", caKey, "-cert", caCertificate, "-revoke",
					revokedCertificate);
			run(directory, "ca", "-config", config, "-gencrl", "-keyfile", caKey, "-cert", caCertificate, "-out",
					name);
			return directory.resolve(name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
