#!/usr/bin/perl
# A preforked IO::Socket::SSL server for the external-peer benchmarks: answers one HTTP/1.0
# request per connection ("ok") and closes; TCP_NODELAY on. Arguments: port chain.pem key.pem version workers
use strict;
use warnings;
use IO::Socket::SSL;
use Socket qw(IPPROTO_TCP TCP_NODELAY);

my ($port, $cert, $key, $version, $workers) = @ARGV;
my $server = IO::Socket::SSL->new(
	LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 512, ReuseAddr => 1,
	SSL_server => 1, SSL_cert_file => $cert, SSL_key_file => $key, SSL_version => $version,
) or die "cannot listen: $SSL_ERROR $!";
# accepted sockets inherit TCP_NODELAY from the listener on Linux, as the Java servers set it
setsockopt($server, IPPROTO_TCP, TCP_NODELAY, 1);
$| = 1;
print "READY\n";
my @children;
for (1 .. $workers) {
	my $pid = fork();
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		while (1) {
			my $client = $server->accept() or next;
			my $request = '';
			while (defined(my $line = <$client>)) {
				last if $line eq "\r\n" || $line eq "\n";
			}
			print $client "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n";
			$client->close();
		}
		exit 0;
	}
	push @children, $pid;
}
# the parent waits for its stdin to close (or a TERM), then stops the workers
$SIG{TERM} = sub { kill 'TERM', @children; exit 0 };
while (<STDIN>) { }
kill 'TERM', @children;
