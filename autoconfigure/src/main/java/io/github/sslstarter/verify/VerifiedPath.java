package io.github.sslstarter.verify;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

/**
 * The path from a peer's leaf certificate up to the trust anchor it chains to, taken from the
 * certificates the peer sent and the context's anchors: each certificate's issuer is the one
 * whose subject is its issuer name and whose key verifies its signature. Certificates the peer
 * sent that are not on the path are left out; the anchor, when one is reached, is the last
 * element even if the peer did not send it. Built for a chain PKIX has already accepted, so it
 * finds the same path; for a chain nobody verified it is only what the peer claims.
 */
public final class VerifiedPath {

	private VerifiedPath() {
	}

	/**
	 * The path of {@code chain}.
	 * @param chain the chain the peer sent, leaf first
	 * @param anchors the trust anchors by subject ({@link SecurityLevel#bySubject})
	 * @return the leaf, its issuers, and the anchor if one is reached; empty for an empty chain
	 */
	public static List<X509Certificate> of(X509Certificate[] chain,
			Map<X500Principal, List<X509Certificate>> anchors) {
		List<X509Certificate> path = new ArrayList<>();
		if (chain == null || chain.length == 0) {
			return path;
		}
		List<X509Certificate> rest = new ArrayList<>(List.of(chain));
		X509Certificate current = rest.remove(0);
		// bounded: every step takes one certificate of the chain, or ends at an anchor
		while (current != null && path.size() <= chain.length) {
			path.add(current);
			if (isAnchor(current, anchors) || isSelfIssued(current)) {
				return path;
			}
			X509Certificate anchor = issuer(current,
					anchors.getOrDefault(current.getIssuerX500Principal(), List.of()));
			if (anchor != null) {
				path.add(anchor);
				return path;
			}
			current = issuer(current, rest);
			rest.remove(current);
		}
		return path;
	}

	/**
	 * The issuer of {@code certificate} among the path's other certificates, the peer's chain
	 * and the anchors, or {@code null}.
	 * @param certificate a certificate
	 * @param chain the chain the peer sent
	 * @param anchors the trust anchors by subject
	 * @return its issuer, or {@code null} when none of them signed it
	 */
	public static X509Certificate issuerOf(X509Certificate certificate, X509Certificate[] chain,
			Map<X500Principal, List<X509Certificate>> anchors) {
		List<X509Certificate> candidates = new ArrayList<>(List.of(chain));
		candidates.addAll(anchors.getOrDefault(certificate.getIssuerX500Principal(), List.of()));
		return issuer(certificate, candidates);
	}

	private static boolean isAnchor(X509Certificate certificate, Map<X500Principal, List<X509Certificate>> anchors) {
		return anchors.getOrDefault(certificate.getSubjectX500Principal(), List.of()).contains(certificate);
	}

	private static boolean isSelfIssued(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
				&& signedBy(certificate, certificate.getPublicKey());
	}

	private static X509Certificate issuer(X509Certificate certificate, List<X509Certificate> candidates) {
		for (X509Certificate candidate : candidates) {
			if (candidate != certificate && !candidate.equals(certificate)
					&& candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
					&& signedBy(certificate, candidate.getPublicKey())) {
				return candidate;
			}
		}
		return null;
	}

	private static boolean signedBy(X509Certificate certificate, PublicKey key) {
		try {
			certificate.verify(key);
			return true;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

}
