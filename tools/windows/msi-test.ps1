<#
.SYNOPSIS
  The agent's MSI installed, upgraded and removed for real by Windows Installer, against a console
  on this machine.

.DESCRIPTION
  Run as an administrator from the repository root after `mvn -B -pl console -am -DskipTests package`,
  with two MSIs built by installer/windows/build-msi.sh from a real Windows JDK (the msi job of
  .github/workflows/windows.yml builds them on Linux): -Msi (the version to install) and -Upgrade (a
  higher version). It starts a console (TestConsole.psm1), makes an enrollment token and an uninstall
  token, then:
    1. msiexec /i -Msi /qn with CONSOLEURL, ENROLLTOKEN, CONSOLEFINGERPRINT, UNINSTALLTOKENSHA256: the
       service MamoriAgent runs, the agent enrolled and its AGENT_STARTED event reached the console,
       and neither token is in the verbose install log (MsiHiddenProperties);
    2. msiexec /i -Upgrade /qn: the same agent (identity kept) runs the new version;
    3. msiexec /x without UNINSTALLTOKEN: refused (1603), the service still installed, and the
       refusal reaches the console as an ENFORCEMENT_FAILED "removal refused:" event;
    4. msiexec /x with UNINSTALLTOKEN: removed — no service, no program folder — and the state in
       %ProgramData%\Mamori\agent kept.
  Written on Linux; it has not been run on Windows by its author. Under Wine (MsiPackageIT) the same
  package is installed with a stand-in runtime; this script is where the real one runs.
#>
param(
  [Parameter(Mandatory = $true)][string]$Msi,
  [Parameter(Mandatory = $true)][string]$Upgrade,
  [string]$Work = (Join-Path $env:RUNNER_TEMP 'mamori-msi'),
  [int]$TimeoutSeconds = 180
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
Import-Module (Join-Path $PSScriptRoot 'TestConsole.psm1') -Force
$ServiceName = 'MamoriAgent'
$ProgramFolder = Join-Path $env:ProgramFiles 'Mamori\agent'
$State = Join-Path $env:ProgramData 'Mamori\agent'
foreach ($file in @($Msi, $Upgrade)) { if (-not (Test-Path $file)) { throw "missing $file" } }
if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
New-Item -ItemType Directory -Force $Work | Out-Null

function Invoke-Msiexec([string[]]$Arguments, [string]$Log) {
  $process = Start-Process -FilePath msiexec.exe -Wait -PassThru -ArgumentList ($Arguments + @('/qn', '/l*v', "`"$Log`""))
  Write-Host "msiexec $($Arguments[0]) ... -> $($process.ExitCode)"
  return $process.ExitCode
}

$TestConsole = $null
try {
  $TestConsole = Start-TestConsole $Root $Work $TimeoutSeconds
  Connect-TestAdmin $TestConsole
  $EnrollToken = New-EnrollmentToken $TestConsole 'windows msi test'
  $UninstallToken = 'msi-test-' + [guid]::NewGuid().ToString('N')
  $sha = [System.Security.Cryptography.SHA256]::Create()
  $UninstallHash = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($UninstallToken)) | ForEach-Object { $_.ToString('x2') })

  # 1. install, silently, with the properties IT gives
  $log = Join-Path $Work 'install.log'
  $code = Invoke-Msiexec @('/i', "`"$Msi`"", "CONSOLEURL=$($TestConsole.Url)", "ENROLLTOKEN=$EnrollToken",
    "CONSOLEFINGERPRINT=$($TestConsole.Fingerprint)", "UNINSTALLTOKENSHA256=$UninstallHash") $log
  if ($code -ne 0) { throw "the install failed with $code (see $log)" }
  $text = Get-Content -Raw $log
  if ($text.Contains($EnrollToken) -or $text.Contains($UninstallToken)) { throw 'a token is in the install log' }
  Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the service is RUNNING' {
    (Get-Service $ServiceName -ErrorAction SilentlyContinue).Status -eq 'Running' } | Out-Null
  $AgentId = Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the agent is enrolled' {
    $identity = Join-Path $State 'identity.json'
    if (Test-Path $identity) { (Get-Content -Raw $identity | ConvertFrom-Json).agentId } }
  Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the console has AGENT_STARTED' {
    Find-AgentEvent $TestConsole $AgentId 'AGENT_STARTED' | Select-Object -First 1 } | Out-Null
  & sc.exe qc $ServiceName | Write-Host

  # 2. upgrade in place: same identity, the service running again
  $code = Invoke-Msiexec @('/i', "`"$Upgrade`"") (Join-Path $Work 'upgrade.log')
  if ($code -ne 0) { throw "the upgrade failed with $code" }
  $after = (Get-Content -Raw (Join-Path $State 'identity.json') | ConvertFrom-Json).agentId
  if ($after -ne $AgentId) { throw "the upgrade changed the agent's identity ($AgentId -> $after)" }
  Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the upgraded service is RUNNING' {
    (Get-Service $ServiceName -ErrorAction SilentlyContinue).Status -eq 'Running' } | Out-Null

  # 3. removal without the token: refused, nothing removed, the refusal reported
  $code = Invoke-Msiexec @('/x', "`"$Upgrade`"") (Join-Path $Work 'refused.log')
  if ($code -eq 0) { throw 'the removal without the uninstall token was not refused' }
  if (-not (Get-Service $ServiceName -ErrorAction SilentlyContinue)) { throw 'a refused removal removed the service' }
  if (-not (Test-Path (Join-Path $ProgramFolder 'mamori-agent.jar'))) { throw 'a refused removal removed the program files' }
  # (the event list has no detail: each event is read on its own)
  Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the console has the refused removal' {
    Find-AgentEvent $TestConsole $AgentId 'ENFORCEMENT_FAILED' | Where-Object {
      "$((Invoke-Admin $TestConsole GET "/api/admin/events/$($_.eventId)" $null).event.detail)" -like 'removal refused:*' } |
      Select-Object -First 1 } | Out-Null

  # 4. removal with the token
  $code = Invoke-Msiexec @('/x', "`"$Upgrade`"", "UNINSTALLTOKEN=$UninstallToken") (Join-Path $Work 'removed.log')
  if ($code -ne 0) { throw "the removal with the uninstall token failed with $code" }
  if (Get-Service $ServiceName -ErrorAction SilentlyContinue) { throw 'the service is still installed' }
  if (Test-Path (Join-Path $ProgramFolder 'mamori-agent.jar')) { throw 'the program files are still there' }
  if (-not (Test-Path (Join-Path $State 'identity.json'))) { throw 'the removal deleted the agent state' }
  Write-Host 'msi test passed'
}
finally {
  if ($TestConsole -and -not $TestConsole.Process.HasExited) { Stop-Process -Id $TestConsole.Process.Id -Force }
}
