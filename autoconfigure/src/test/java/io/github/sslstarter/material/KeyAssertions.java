package io.github.sslstarter.material;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves possession independently of the production code: sign with the key, verify with openssl's public key. */
final class KeyAssertions {

	private KeyAssertions() {
	}

	/** Asserts that {@code key} signs what the DER public key in {@code publicKeyDer} verifies. */
	static void assertKeyPairsWith(PrivateKey key, Path publicKeyDer) throws Exception {
		String algorithm = switch (key.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "EC" -> "SHA256withECDSA";
			case "EdDSA", "Ed25519" -> "Ed25519";
			default -> throw new AssertionError("unexpected key algorithm " + key.getAlgorithm());
		};
		String keyFactoryAlgorithm = key.getAlgorithm().equals("EdDSA") ? "Ed25519" : key.getAlgorithm();
		PublicKey publicKey = KeyFactory.getInstance(keyFactoryAlgorithm)
			.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicKeyDer)));
		byte[] data = "possession".getBytes(StandardCharsets.US_ASCII);
		Signature signer = Signature.getInstance(algorithm);
		signer.initSign(key);
		signer.update(data);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(publicKey);
		verifier.update(data);
		assertThat(verifier.verify(signature)).as("signature by the loaded key verifies with openssl's public key")
			.isTrue();
	}

}
