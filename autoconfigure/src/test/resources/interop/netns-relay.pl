# Inside the network namespace: waits until a TCP server listens on 127.0.0.1:$port, then relays
# every connection accepted on the Unix socket $path (the file system is shared with the host)
# to it, a child process per connection, until killed.
use strict;
use IO::Socket::UNIX;
use IO::Socket::INET;
use IO::Select;
$SIG{CHLD} = 'IGNORE';
my ($path, $port) = @ARGV;
my $ready;
for (1 .. 200) {
    $ready = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) and last;
    select undef, undef, undef, 0.05;
}
$ready or die "nothing listens on 127.0.0.1:$port in the namespace\n";
close $ready;
unlink $path;
my $listener = IO::Socket::UNIX->new(Local => $path, Listen => 32) or die "listen $path: $!\n";
$| = 1;
print "RELAY READY\n";
while (my $unix = $listener->accept) {
    my $pid = fork;
    die "fork: $!\n" unless defined $pid;
    if ($pid) { close $unix; next; }
    my $tcp = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) or exit 1;
    my %other = ($unix => $tcp, $tcp => $unix);
    my $select = IO::Select->new($unix, $tcp);
    while ($select->count && (my @readable = $select->can_read(30))) {
        for my $from (@readable) {
            my $n = sysread($from, my $bytes, 16384);
            if (!$n) { shutdown($other{$from}, 1); $select->remove($from); }
            else { syswrite($other{$from}, $bytes) or exit 0; }
        }
    }
    exit 0;
}
