package io.github.sslstarter.material;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.sslstarter.test.ExternalTool;

/**
 * Material made by the {@code openssl} CLI (and the JDK's {@code keytool}) in a directory, as
 * users' files are made. Without openssl the calling test is skipped, except on CI where it fails.
 */
final class OpenSsl {

	static final String PASSWORD = "s3cret-Pa55";

	private OpenSsl() {
	}

	/** Runs {@code openssl args...} in {@code directory}; fails the test on a non-zero exit. */
	static String run(Path directory, String... args) {
		return ExternalTool.openssl().in(directory).run(args).requireSuccess().stdout();
	}

	/** Runs the JDK's keytool in {@code directory}; fails the test on a non-zero exit. */
	static String keytool(Path directory, String... args) {
		return ExternalTool.named(Path.of(System.getProperty("java.home"), "bin", "keytool").toString())
			.in(directory)
			.run(args)
			.requireSuccess()
			.stdout();
	}

	/**
	 * Runs {@code openssl args...} in {@code directory} where openssl is expected to refuse (a key
	 * type a format cannot hold); fails the test when it succeeds, and returns what it printed.
	 */
	static String fails(Path directory, String... args) {
		ExternalTool.Result result = ExternalTool.openssl().in(directory).run(args);
		if (result.exitCode() == 0) {
			org.junit.jupiter.api.Assertions.fail("Command succeeded, though it was expected to fail: "
					+ String.join(" ", result.command()) + "\n" + result.output());
		}
		return result.output();
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
