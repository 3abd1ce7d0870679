package io.github.sslstarter.material;

import java.io.StringWriter;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.material.MaterialException.Problem;
import io.github.sslstarter.test.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An {@code EC PRIVATE KEY} (SEC1) without its curve, as Bouncy Castle's PEM writer produces it
 * for a JDK key: refused with the reason (OpenSSL refuses it too), never read on a guessed curve.
 */
class Sec1FromBouncyCastleTest {

	@Test
	void refusesASec1KeyThatDoesNotNameItsCurve() throws Exception {
		TestCertificate identity = TestCertificate.builder().localhost().build();
		StringWriter pem = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
			writer.writeObject(identity.privateKey());
		}
		assertThat(pem.toString()).startsWith("-----BEGIN EC PRIVATE KEY-----");
		assertThatExceptionOfType(MaterialException.class).isThrownBy(() -> Material.privateKey(pem.toString(), null))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE))
			.withMessageContaining("does not name its curve")
			.satisfies((ex) -> assertThat(ex.action()).contains("PKCS#8"));
	}

}
