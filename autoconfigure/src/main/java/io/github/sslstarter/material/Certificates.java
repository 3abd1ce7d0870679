package io.github.sslstarter.material;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.boot.ssl.pem.PemContent;

import io.github.sslstarter.material.MaterialException.Problem;
import io.github.sslstarter.material.PemBlocks.Block;

/**
 * Reads X.509 certificates and CRLs from PEM (any number of blocks) or DER. {@link PemBlocks} finds
 * the blocks in linear time; Spring Boot's {@link PemContent} parses each certificate block on its
 * own; the JDK parses DER and the CRL blocks.
 */
final class Certificates {

	private static final String CRL = "X509 CRL";

	private Certificates() {
	}

	static List<X509Certificate> read(Location location) {
		return parse(location.readBounded(), location.description());
	}

	/** The certificates in {@code bytes}; throws EMPTY when there are none. */
	static List<X509Certificate> parse(byte[] bytes, String location) {
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		List<Block> blocks = PemBlocks.scan(text, location);
		List<X509Certificate> certificates;
		if (!blocks.isEmpty()) {
			certificates = new ArrayList<>();
			for (Block block : blocks) {
				if (!isCertificate(block)) {
					continue;
				}
				if (!block.complete()) {
					throw block.incomplete(location);
				}
				try {
					certificates.addAll(PemContent.of(block.pem()).getCertificates());
				}
				catch (RuntimeException ex) {
					throw new MaterialException(Problem.UNPARSEABLE, location,
							"The '" + block.label() + "' block that begins on line " + block.line()
									+ " is not a valid X.509 certificate",
							"Check the file: openssl x509 -in <file> -noout -text", ex);
				}
			}
			if (certificates.isEmpty()) {
				throw noCertificate(location, blocks);
			}
		}
		else {
			certificates = der(bytes, location);
		}
		if (certificates.isEmpty()) {
			throw noCertificate(location, List.of());
		}
		return certificates;
	}

	private static boolean isCertificate(Block block) {
		return block.label().endsWith("CERTIFICATE");
	}

	/** Whether the bytes are PEM without any certificate block (a key, a CRL); false for DER. */
	static boolean isPemWithoutCertificate(byte[] bytes, String location) {
		List<Block> blocks = PemBlocks.scan(new String(bytes, StandardCharsets.ISO_8859_1), location);
		return !blocks.isEmpty() && blocks.stream().noneMatch(Certificates::isCertificate);
	}

	private static List<X509Certificate> der(byte[] bytes, String location) {
		try {
			Collection<? extends Certificate> parsed = factory()
				.generateCertificates(new ByteArrayInputStream(bytes));
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : parsed) {
				certificates.add((X509Certificate) certificate);
			}
			return certificates;
		}
		catch (CertificateException | ClassCastException ex) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The content is neither PEM nor a DER-encoded X.509 certificate",
					"Give PEM certificates (-----BEGIN CERTIFICATE-----) or one DER certificate", ex);
		}
	}

	static List<X509CRL> readCrls(Location location) {
		return parseCrls(location.read(), location.description());
	}

	static List<X509CRL> parseCrls(byte[] bytes, String location) {
		List<X509CRL> crls = new ArrayList<>();
		try {
			// Not bounded: a CRL of a large CA runs to tens of MiB, and the scan is linear.
			List<Block> blocks = PemBlocks.scan(new String(bytes, StandardCharsets.ISO_8859_1));
			if (!blocks.isEmpty()) {
				for (Block block : blocks) {
					if (!block.label().equals(CRL)) {
						continue;
					}
					if (!block.complete()) {
						throw block.incomplete(location);
					}
					crls.add((X509CRL) factory().generateCRL(new ByteArrayInputStream(block.der())));
				}
				if (crls.isEmpty()) {
					throw new MaterialException(Problem.EMPTY, location,
							"No CRL found (the PEM holds: " + PemBlocks.summary(blocks) + ")",
							"Point the location at a file of X509 CRL blocks");
				}
			}
			else {
				factory().generateCRLs(new ByteArrayInputStream(bytes)).forEach((crl) -> crls.add((X509CRL) crl));
			}
		}
		catch (CRLException | CertificateException | IllegalArgumentException | ClassCastException ex) {
			throw new MaterialException(Problem.UNPARSEABLE, location, "The content is not a valid X.509 CRL (PEM or DER)",
					"Check the file: openssl crl -in <file> -noout -text", ex);
		}
		if (crls.isEmpty()) {
			throw new MaterialException(Problem.EMPTY, location, "No CRL found", "Point the location at a CRL file");
		}
		return crls;
	}

	private static MaterialException noCertificate(String location, List<Block> blocks) {
		return new MaterialException(Problem.EMPTY, location,
				"No certificate found" + (blocks.isEmpty() ? "" : " (the PEM holds: " + PemBlocks.summary(blocks) + ")"),
				"Point the location at a file of certificates (PEM or DER)");
	}

	private static CertificateFactory factory() throws CertificateException {
		return CertificateFactory.getInstance("X.509");
	}

}
