package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security event 4663 as EvtRender(EvtRenderEventXml) gives it. The XML is the example of
 * "4663(S): An attempt was made to access an object"
 * (https://learn.microsoft.com/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/event-4663),
 * with ObjectName on a removable volume's device as "Audit Removable Storage" logs it
 * (https://learn.microsoft.com/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/audit-removable-storage).
 */
class RemovableStorageAuditTest {

    /** The documented example, ObjectName and ProcessId changed as the test needs. */
    static String event4663(String objectName, String accessMask, String processId, String time) {
        return """
                <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
                 <System>
                  <Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}" />
                  <EventID>4663</EventID>
                  <Version>1</Version>
                  <Level>0</Level>
                  <Task>12800</Task>
                  <Opcode>0</Opcode>
                  <Keywords>0x8020000000000000</Keywords>
                  <TimeCreated SystemTime="%s" />
                  <EventRecordID>273866</EventRecordID>
                  <Correlation />
                  <Execution ProcessID="516" ThreadID="524" />
                  <Channel>Security</Channel>
                  <Computer>DC01.contoso.local</Computer>
                  <Security />
                 </System>
                 <EventData>
                  <Data Name="SubjectUserSid">S-1-5-21-3457937927-2839227994-823803824-1104</Data>
                  <Data Name="SubjectUserName">dadmin</Data>
                  <Data Name="SubjectDomainName">CONTOSO</Data>
                  <Data Name="SubjectLogonId">0x4367b</Data>
                  <Data Name="ObjectServer">Security</Data>
                  <Data Name="ObjectType">File</Data>
                  <Data Name="ObjectName">%s</Data>
                  <Data Name="HandleId">0x1bc</Data>
                  <Data Name="AccessList">%%%%4417 %%%%4418</Data>
                  <Data Name="AccessMask">%s</Data>
                  <Data Name="ProcessId">%s</Data>
                  <Data Name="ProcessName">C:\\Windows\\System32\\notepad.exe</Data>
                  <Data Name="ResourceAttributes">S:AI(RA;ID;;;;WD;("Impact_MS",TI,0x10020,3000))</Data>
                 </EventData>
                </Event>
                """.formatted(time, objectName, accessMask, processId);
    }

    @Test
    void theDocumentedExampleGivesWriterProcessFileAndTime() throws Exception {
        RemovableStorageAudit.AuditedAccess access = RemovableStorageAudit.parse(
                event4663("\\Device\\HarddiskVolume7\\folder\\file.txt", "0x6", "0x1a2c", "2015-09-18T22:13:54.770429700Z"));

        assertThat(access.user()).isEqualTo("CONTOSO\\dadmin");
        assertThat(access.sid()).isEqualTo("S-1-5-21-3457937927-2839227994-823803824-1104");
        assertThat(access.pid()).isEqualTo(0x1a2cL);
        assertThat(access.program()).isEqualTo("C:\\Windows\\System32\\notepad.exe");
        assertThat(access.objectName()).isEqualTo("\\Device\\HarddiskVolume7\\folder\\file.txt");
        assertThat(access.at()).isEqualTo(Instant.parse("2015-09-18T22:13:54.770429700Z"));
        assertThat(access.write()).isTrue();
    }

    @Test
    void readDataAloneIsNotAWrite() throws Exception {
        assertThat(RemovableStorageAudit.parse(event4663("\\Device\\HarddiskVolume7\\a.txt", "0x1", "0x4", "2026-12-06T10:00:00Z"))
                .write()).isFalse();
        assertThat(RemovableStorageAudit.parse(event4663("\\Device\\HarddiskVolume7\\a.txt", "0x4", "0x4", "2026-12-06T10:00:00Z"))
                .write()).as("AppendData").isTrue();
    }

    @Test
    void anotherEventIdIsRefused() {
        String xml = event4663("\\Device\\HarddiskVolume7\\a.txt", "0x2", "0x4", "2026-12-06T10:00:00Z").replace("<EventID>4663", "<EventID>4656");
        assertThatThrownBy(() -> RemovableStorageAudit.parse(xml)).hasMessageContaining("is not 4663");
    }

    @Test
    void malformedXmlIsRefusedWithAMessageNotAnException() {
        assertThatThrownBy(() -> RemovableStorageAudit.parse("<Event><System>")).isInstanceOf(RemovableStorageAudit.UnreadableEvent.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> RemovableStorageAudit.parse("")).isInstanceOf(RemovableStorageAudit.UnreadableEvent.class);
        assertThatThrownBy(() -> RemovableStorageAudit.parse(event4663("x", "0x2", "zz", "2026-12-06T10:00:00Z")))
                .hasMessageContaining("ProcessId");
        assertThatThrownBy(() -> RemovableStorageAudit.parse(event4663("x", "0x2", "0x4", "yesterday")))
                .hasMessageContaining("SystemTime");
    }

    @Test
    void aDoctypeWithAnExternalEntityIsRefusedAndNothingIsFetched() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Event [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><EventID>4663</EventID>"
                + "<TimeCreated SystemTime=\"2026-12-06T10:00:00Z\"/></System><EventData><Data Name=\"ObjectName\">&x;</Data>"
                + "</EventData></Event>";
        assertThatThrownBy(() -> RemovableStorageAudit.parse(xxe)).isInstanceOf(RemovableStorageAudit.UnreadableEvent.class)
                .hasMessageContaining("malformed").hasMessageNotContaining("root:");
    }

    @Test
    void aKernelPathMapsToItsDriveLetterAndNotToALongerVolumeNumber() {
        // QueryDosDevice("E:") answers \Device\HarddiskVolume7 (learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-querydosdevicew)
        Map<String, String> drives = Map.of("C:", "\\Device\\HarddiskVolume1", "E:", "\\Device\\HarddiskVolume7");
        assertThat(RemovableStorageAudit.onDrive("\\Device\\HarddiskVolume7\\folder\\file.txt", drives)).contains("E:\\folder\\file.txt");
        assertThat(RemovableStorageAudit.onDrive("\\Device\\HarddiskVolume12\\x.txt", drives)).isEmpty();
        assertThat(RemovableStorageAudit.onDrive("\\device\\harddiskvolume7\\X.TXT", drives)).contains("E:\\X.TXT");
    }

    @Test
    void theAuditPolicyIsReadFromTheAuditPolicyInformationStructure() {
        // AUDIT_POLICY_INFORMATION (ntsecapi.h): GUID subcategory, ULONG AuditingInformation, GUID category
        // https://learn.microsoft.com/windows/win32/api/ntsecapi/ns-ntsecapi-audit_policy_information
        assertThat(AuditPolicy.of(policy(0x1))).isEqualTo(AuditPolicy.ON); // POLICY_AUDIT_EVENT_SUCCESS
        assertThat(AuditPolicy.of(policy(0x3))).isEqualTo(AuditPolicy.ON);
        assertThat(AuditPolicy.of(policy(0x2))).as("failures only: no 4663 for a successful write").isEqualTo(AuditPolicy.OFF);
        assertThat(AuditPolicy.of(policy(0x4))).isEqualTo(AuditPolicy.OFF); // POLICY_AUDIT_EVENT_NONE
        assertThat(AuditPolicy.of(ByteBuffer.allocate(20))).isEqualTo(AuditPolicy.UNREADABLE);
        ByteBuffer other = policy(0x1);
        other.put(0, (byte) 0x44); // another subcategory
        assertThat(AuditPolicy.of(other)).isEqualTo(AuditPolicy.UNREADABLE);
    }

    /** Removable Storage {0cce9245-69ae-11d9-bed3-505054503030} in Object Access {6997984a-797a-11d9-bed3-505054503030}. */
    static ByteBuffer policy(int auditingInformation) {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x0cce9245).putShort((short) 0x69ae).putShort((short) 0x11d9)
                .put(new byte[] {(byte) 0xbe, (byte) 0xd3, 0x50, 0x50, 0x54, 0x50, 0x30, 0x30});
        b.putInt(auditingInformation);
        b.putInt(0x6997984a).putShort((short) 0x797a).putShort((short) 0x11d9)
                .put(new byte[] {(byte) 0xbe, (byte) 0xd3, 0x50, 0x50, 0x54, 0x50, 0x30, 0x30});
        return b.flip();
    }
}
