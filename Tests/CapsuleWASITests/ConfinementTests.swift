import Testing
@testable import CapsuleWASI

/// One test per known escape route, against both the sandboxed host backend and the in-memory one.
/// Every attempt must fail, the secret outside must stay unread and unchanged, and nothing may
/// appear outside. Controls check that the same calls work when they stay inside.
@Suite struct ConfinementTests {
    private let w = Sandbox.writable
    private let r = Sandbox.readOnly

    /// Asserts the outside world is as the sandbox made it.
    private func expectUntouched(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sandbox.secret == "secret", sourceLocation: sourceLocation)
        #expect(sandbox.outsideEntries == ["secret.txt"], sourceLocation: sourceLocation)
    }

    @Test("`..` cannot climb above a preopen", arguments: Backend.allCases)
    func dotDotTraversal(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.readFile(w, "../outside/secret.txt") == .failure(.perm))
        #expect(try guest.readFile(w, "sub/../../outside/secret.txt") == .failure(.perm))
        #expect(try guest.readFile(w, "sub/../sub/../../outside/secret.txt") == .failure(.perm))
        #expect(try guest.stat(w, "..").0 == .perm)
        #expect(try guest.pathCall("path_create_directory", w, "../outside/made") == .perm)
        // Control: `..` that stays inside works.
        #expect(try guest.readFile(w, "sub/../file.txt") == .success("inside"))
        expectUntouched(sandbox)
    }

    @Test("A directory opened inside a preopen is a root of its own", arguments: Backend.allCases)
    func openedDirectoryIsARoot(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        let (errno, sub) = try guest.open(w, "sub", oflags: .directory, rights: [.pathOpen, .fdReaddir])
        #expect(errno == .success)
        #expect(try guest.readFile(sub, "../file.txt") == .failure(.perm))
        #expect(try guest.readFile(sub, "../../outside/secret.txt") == .failure(.perm))
        expectUntouched(sandbox)
    }

    @Test("Absolute paths are refused", arguments: Backend.allCases)
    func absolutePaths(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.readFile(w, "/etc/passwd") == .failure(.perm))
        #expect(try guest.readFile(w, "/sandbox/file.txt") == .failure(.perm))
        #expect(try guest.stat(w, "/").0 == .perm)
        #expect(try guest.pathCall("path_unlink_file", w, "/tmp/x") == .perm)
        expectUntouched(sandbox)
    }

    @Test("Relative symbolic links pointing outside are not followed out", arguments: Backend.allCases)
    func relativeSymlinksOut(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.readFile(w, "link_rel_out") == .failure(.perm))
        #expect(try guest.readFile(w, "link_rel_out", follow: false) == .failure(.loop))
        #expect(try guest.readFile(w, "link_parent/outside/secret.txt") == .failure(.perm))
        #expect(try guest.readFile(w, "link_out_dir/secret.txt") == .failure(.perm))
        #expect(try guest.stat(w, "link_rel_out", follow: true).0 == .perm)
        // Not following, the link itself is visible.
        #expect(try guest.stat(w, "link_rel_out").1 == .symbolicLink)
        #expect(try guest.readlink(w, "link_rel_out") == (.success, "../outside/secret.txt"))
        // Control: a link that stays inside is followed.
        #expect(try guest.readFile(w, "link_in") == .success("inside"))
        expectUntouched(sandbox)
    }

    @Test("Absolute symbolic links are never followed, and cannot be created", arguments: Backend.allCases)
    func absoluteSymlinks(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.readFile(w, "link_abs_out") == .failure(.perm))
        #expect(try guest.readFile(w, "link_dir_abs/secret.txt") == .failure(.perm))
        #expect(try guest.stat(w, "link_dir_abs", follow: true).0 == .perm)
        #expect(try guest.symlink("/etc/passwd", w, "new_abs") == .perm)
        #expect(try guest.symlink("/", w, "new_root") == .perm)
        expectUntouched(sandbox)
    }

    @Test("Symbolic link chains and loops end in EPERM or ELOOP", arguments: Backend.allCases)
    func chainsAndLoops(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.readFile(w, "chain1") == .failure(.perm))
        #expect(try guest.readFile(w, "loop1") == .failure(.loop))
        #expect(try guest.stat(w, "loop1/x").0 == .loop)
        #expect(try guest.open(w, "loop1", oflags: .create, rights: [.fdWrite]).0 == .loop)
        // A chain made by the guest, pointing out at the end, also fails.
        #expect(try guest.symlink("c2", w, "c1") == .success)
        #expect(try guest.symlink("sub/../..", w, "c2") == .success)
        #expect(try guest.readFile(w, "c1/outside/secret.txt") == .failure(.perm))
        expectUntouched(sandbox)
    }

    @Test("Trailing slashes on paths and on link targets do not open a way out", arguments: Backend.allCases)
    func trailingSlashes(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.stat(w, "link_parent/").0 == .perm)
        #expect(try guest.stat(w, "link_out_dir/").0 == .perm)
        #expect(try guest.readFile(w, "link_out_slash/secret.txt") == .failure(.perm))
        #expect(try guest.readFile(w, "link_rel_out/") == .failure(.perm))
        #expect(try guest.open(w, "dangling_out/", oflags: .create, rights: [.fdWrite]).0 == .isdir)
        #expect(try guest.pathCall("path_create_directory", w, "link_out_dir/") == .exist)
        #expect(try guest.pathCall("path_remove_directory", w, "link_out_dir/") == .perm)
        #expect(try guest.pathCall("path_unlink_file", w, "link_out_dir/") == .perm)
        #expect(try guest.symlink("x", w, "link_out_dir/") == .exist)
        // Controls: a trailing slash on a file is ENOTDIR, on a directory it works.
        #expect(try guest.readFile(w, "file.txt/") == .failure(.notdir))
        #expect(try guest.stat(w, "sub/").1 == .directory)
        expectUntouched(sandbox)
    }

    @Test("Dangling symbolic links opened with O_CREAT create nothing outside", arguments: Backend.allCases)
    func danglingSymlinksWithCreate(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.open(w, "dangling_out", oflags: .create, rights: [.fdWrite]).0 == .perm)
        #expect(try guest.open(w, "dangling_abs", oflags: .create, rights: [.fdWrite]).0 == .perm)
        #expect(try guest.open(w, "dangling_out", oflags: [.create, .exclusive], rights: [.fdWrite]).0 == .exist)
        // Control: a dangling link inside creates its target inside.
        #expect(try guest.symlink("made_by_link.txt", w, "dangling_in") == .success)
        #expect(try guest.open(w, "dangling_in", oflags: .create, rights: [.fdWrite]).0 == .success)
        #expect(try guest.stat(w, "made_by_link.txt").1 == .regularFile)
        expectUntouched(sandbox)
    }

    @Test("Hard links cannot reach out of a preopen or into a read-only one", arguments: Backend.allCases)
    func hardLinks(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.link(w, "file.txt", w, "../outside/hard") == .perm)
        #expect(try guest.link(w, "../outside/secret.txt", w, "stolen") == .perm)
        #expect(try guest.link(w, "link_parent/outside/secret.txt", w, "stolen") == .perm)
        #expect(try guest.link(w, "link_rel_out", w, "followed", follow: true) == .inval)
        #expect(try guest.link(w, "file.txt", r, "into_ro") == .perm)
        #expect(try guest.link(r, "ro.txt", w, "from_ro") == .perm)
        // A hard link to the link itself is only another name for the link: still not followed out.
        if try guest.link(w, "link_rel_out", w, "link_copy") == .success {
            #expect(try guest.readFile(w, "link_copy") == .failure(.perm))
        }
        #expect(try guest.stat(w, "stolen").0 == .noent)
        #expect(sandbox.readOnlyEntries == ["ro.txt", "rodir", "rodir_empty"])
        expectUntouched(sandbox)
    }

    @Test("Renames cannot move entries out of or into a preopen they may not reach", arguments: Backend.allCases)
    func renames(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        #expect(try guest.rename(w, "file.txt", w, "../outside/moved") == .perm)
        #expect(try guest.rename(w, "../outside/secret.txt", w, "taken") == .perm)
        #expect(try guest.rename(w, "link_parent/outside/secret.txt", w, "taken") == .perm)
        #expect(try guest.rename(w, "file.txt", w, "link_out_dir/moved") == .perm)
        #expect(try guest.rename(w, "file.txt", r, "given") == .perm)
        #expect(try guest.rename(r, "ro.txt", w, "taken") == .perm)
        // Control: a rename inside works.
        #expect(try guest.rename(w, "file.txt", w, "sub/renamed.txt") == .success)
        #expect(try guest.readFile(w, "sub/renamed.txt") == .success("inside"))
        #expect(sandbox.readOnlyEntries == ["ro.txt", "rodir", "rodir_empty"])
        expectUntouched(sandbox)
    }

    @Test("Every write through a read-only preopen fails; O_TRUNC truncates nothing", arguments: Backend.allCases)
    func readOnlyPreopen(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        let readWrite: WASIRights = [.fdRead, .fdWrite, .fdSeek, .fdTell]
        #expect(try guest.open(r, "ro.txt", oflags: .truncate).0 == .perm)
        #expect(try guest.open(r, "ro.txt", oflags: .truncate, rights: readWrite).0 == .perm)
        #expect(try guest.open(r, "ro.txt", rights: readWrite).0 == .perm)
        #expect(try guest.open(r, "ro.txt", rights: [.fdWrite], fdflags: .append).0 == .perm)
        #expect(try guest.open(r, "new.txt", oflags: .create).0 == .perm)
        #expect(try guest.open(r, "new.txt", oflags: [.create, .exclusive], rights: readWrite).0 == .perm)
        #expect(try guest.pathCall("path_create_directory", r, "newdir") == .perm)
        #expect(try guest.pathCall("path_unlink_file", r, "ro.txt") == .perm)
        #expect(try guest.pathCall("path_remove_directory", r, "rodir_empty") == .perm)
        #expect(try guest.rename(r, "ro.txt", r, "ro2.txt") == .perm)
        #expect(try guest.symlink("ro.txt", r, "ro_link") == .perm)
        #expect(try guest.link(r, "ro.txt", r, "ro_hard") == .perm)
        #expect(try guest.setTimes(r, "ro.txt") == .perm)

        // Through a file opened for reading: no write reaches the file.
        let (errno, file) = try guest.open(r, "ro.txt", rights: [.fdRead, .fdSeek])
        #expect(errno == .success)
        #expect(try guest.write(file, Array("x".utf8)).0 == .badf)
        #expect(try guest.call("fd_filestat_set_size", [UInt64(file), 0]) == .perm)
        #expect(try guest.call("fd_filestat_set_times", [UInt64(file), 0, 0, 10]) == .perm)
        #expect(try guest.call("fd_allocate", [UInt64(file), 0, 100]) == .notsup)

        // Through a directory opened inside it: still read-only.
        let (dirErrno, rodir) = try guest.open(r, "rodir", oflags: .directory, rights: [.pathOpen, .fdReaddir])
        #expect(dirErrno == .success)
        #expect(try guest.open(rodir, "inner.txt", rights: readWrite).0 == .perm)
        #expect(try guest.open(rodir, "new.txt", oflags: .create).0 == .perm)
        #expect(try guest.pathCall("path_unlink_file", rodir, "inner.txt") == .perm)

        // Controls: reading works.
        #expect(try guest.readFile(r, "ro.txt") == .success("read only"))
        #expect(try guest.readFile(rodir, "inner.txt") == .success("ro inner"))
        #expect(sandbox.readOnlyContent("ro.txt") == "read only")
        #expect(sandbox.readOnlyEntries == ["ro.txt", "rodir", "rodir_empty"])
        expectUntouched(sandbox)
    }

    @Test("fd_renumber onto standard streams and preopens moves a capability, never widens one", arguments: Backend.allCases)
    func renumberOntoStdioAndPreopens(backend: Backend) throws {
        let sandbox = try Sandbox(backend)
        let guest = sandbox.guest
        // A read-only file over the writable preopen: the preopen is gone, nothing else is gained.
        let (errno, file) = try guest.open(r, "ro.txt", rights: [.fdRead])
        #expect(errno == .success)
        #expect(try guest.renumber(file, to: w) == .success)
        #expect(try guest.open(w, "file.txt").0 == .notdir)
        #expect(try guest.write(w, Array("x".utf8)).0 == .badf)
        #expect(try guest.read(w, count: 64) == (.success, Array("read only".utf8)))
        #expect(try guest.close(file) == .badf)
        // The read-only preopen over standard output: fd 1 is now the read-only directory.
        #expect(try guest.renumber(r, to: 1) == .success)
        #expect(try guest.write(1, Array("x".utf8)).0 == .badf)
        #expect(try guest.open(1, "ro.txt", rights: [.fdRead, .fdWrite]).0 == .perm)
        #expect(try guest.readFile(1, "ro.txt") == .success("read only"))
        #expect(try guest.fdstat(r).0 == .badf)
        // Standard error over the (former) preopen number: no directory access through it.
        #expect(try guest.renumber(2, to: 1) == .success)
        #expect(try guest.open(1, "ro.txt").0 == .badf)
        #expect(try guest.write(1, Array("to stderr".utf8)).0 == .success)
        #expect(guest.errors.text == "to stderr")
        // Both numbers must be open; renumbering onto itself changes nothing.
        #expect(try guest.renumber(1, to: 99) == .badf)
        #expect(try guest.renumber(99, to: 1) == .badf)
        #expect(try guest.renumber(1, to: 1) == .success)
        #expect(sandbox.readOnlyContent("ro.txt") == "read only")
        expectUntouched(sandbox)
    }
}
