package io.github.sslstarter.material;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static io.github.sslstarter.material.OpenSsl.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A PKCS#12 or JKS keystore given where a private key belongs: said so, with the two ways out. */
class KeyStoreGivenAsPrivateKeyTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void generate() {
		OpenSsl.generateKey(dir, "EC", "ec.pem");
		OpenSsl.selfSigned(dir, "ec.pem", "keystore", "ec.crt");
		run(dir, "pkcs12", "-export", "-inkey", "ec.pem", "-in", "ec.crt", "-passout", "pass:" + PASSWORD, "-out",
				"ec.p12");
		OpenSsl.keytool(dir, "-importkeystore", "-noprompt", "-srckeystore", "ec.p12", "-srcstoretype", "PKCS12",
				"-srcstorepass", PASSWORD, "-destkeystore", "ec.jks", "-deststoretype", "JKS", "-deststorepass",
				PASSWORD);
	}

	private static MaterialException failure(String file) {
		return catchThrowableOfType(MaterialException.class,
				() -> Material.privateKey(dir.resolve(file).toString(), PASSWORD.toCharArray()));
	}

	@Test
	void refusesAPkcs12FileSayingItIsAKeyStore() {
		MaterialException ex = failure("ec.p12");
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).isEqualTo("The content is a PKCS12 keystore, not a private key");
		assertThat(ex.action()).contains("keystore").contains("openssl pkcs12 -in keystore.p12 -nocerts");
	}

	@Test
	void refusesAJksFileSayingItIsAKeyStore() {
		MaterialException ex = failure("ec.jks");
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).isEqualTo("The content is a JKS keystore, not a private key");
		assertThat(ex.action()).contains("keytool -importkeystore");
	}

}
