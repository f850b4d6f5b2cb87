<#
.SYNOPSIS
  Smoke test of the agent as a Windows service, against a console on this machine.

.DESCRIPTION
  Run from the repository root after `mvn -B -pl console,agent -am -DskipTests package`, as an
  administrator (it installs a service). It starts a console on loopback (SQLite, self-signed TLS),
  signs in with the first-run password from <data>\first-run-password.txt, makes an enrollment
  token, enrolls an agent, installs `mamori agent service` (New-Service: java.exe -Xrs …), starts it,
  and polls the console's event API until the agent's AGENT_STARTED event is there. A hosted runner
  has no USB stick: a 64 MB virtual disk (diskpart, exFAT) is attached under a free drive letter and
  presented to the agent as a stick (agent.yml: the portable watcher, `simulated-usb` with
  `mounts-under` that drive); a file written to it must come back as a FILE_WRITTEN event of that
  device. Then it stops the service and waits for AGENT_STOPPED, which proves the STOP control took
  the agent's own stop path. -SkipFileEvent leaves the disk out.

  Written on Linux for .github/workflows/windows.yml; it has not been run on Windows by its author.
#>
param(
  [string]$Work = (Join-Path $env:RUNNER_TEMP 'mamori-smoke'),
  [int]$TimeoutSeconds = 180,
  [switch]$SkipFileEvent
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
Import-Module (Join-Path $PSScriptRoot 'TestConsole.psm1') -Force
$Java = Join-Path $env:JAVA_HOME 'bin\java.exe'
$ServiceName = 'MamoriAgent'
$AgentJar = Join-Path $Root 'agent\target\mamori-agent.jar'
if (-not (Test-Path $AgentJar)) { throw "missing ${AgentJar}: build first (mvn -B -pl console,agent -am -DskipTests package)" }
$AgentClassPath = "$AgentJar;$(Join-Path $Root 'agent\target\agent-lib')\*"

if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
$AgentState = New-Item -ItemType Directory -Force (Join-Path $Work 'agent')
$Vhd = Join-Path $Work 'stick.vhdx'
$Letter = $null
$TestConsole = $null   # PowerShell names are case-blind: not $console

try {
  # --- the console and its administrator (TestConsole.psm1): first sign-in, new password, an enrollment token
  $TestConsole = Start-TestConsole $Root $Work $TimeoutSeconds
  $url = $TestConsole.Url
  $Fingerprint = $TestConsole.Fingerprint
  Connect-TestAdmin $TestConsole
  $Token = New-EnrollmentToken $TestConsole 'windows smoke test'

  # --- enroll, as the administrator running this script (the service runs as LocalSystem and reads the same state folder)
  $TokenFile = Join-Path $Work 'token.txt'
  Set-Content -NoNewline -Path $TokenFile -Value $Token
  & $Java -cp $AgentClassPath io.mamori.agent.cli.AgentCommand enroll --state-dir "$AgentState" --console "$url" `
    --token-file "$TokenFile" --fingerprint $Fingerprint --hostname 'windows-smoke'
  if ($LASTEXITCODE -ne 0) { throw "enrollment failed with exit code $LASTEXITCODE" }
  Remove-Item $TokenFile
  $AgentId = (Get-Content -Raw (Join-Path $AgentState 'identity.json') | ConvertFrom-Json).agentId

  # --- a stick: a virtual disk under a free letter, presented to the portable watcher as a USB stick
  if (-not $SkipFileEvent) {
    $used = @(Get-PSDrive -PSProvider FileSystem | ForEach-Object { $_.Name })
    $Letter = @('R','S','T','U','V','W','X','Y','Z') | Where-Object { $used -notcontains $_ } | Select-Object -First 1
    if (-not $Letter) { throw 'no free drive letter for the virtual stick' }
    $script = Join-Path $Work 'attach.txt'
    Set-Content -Path $script -Encoding ascii -Value @(
      "create vdisk file=`"$Vhd`" maximum=64 type=expandable", 'attach vdisk', 'create partition primary',
      'format fs=exfat quick label=SMOKE', "assign letter=$Letter")
    & diskpart.exe /s $script | Write-Host
    if ($LASTEXITCODE -ne 0) { throw "diskpart could not make the virtual stick (exit code $LASTEXITCODE)" }
    Wait-Until -TimeoutSeconds $TimeoutSeconds -What "the virtual stick is ${Letter}:" { Test-Path "${Letter}:\" } | Out-Null
    Set-Content -Path (Join-Path $AgentState 'agent.yml') -Encoding utf8 -Value @(
      'media:', '  watcher: portable',
      '  simulated-usb:',
      "    - {mounts-under: '${Letter}:\', vendor-id: '0781', product-id: '5583', serial: 'SMOKE-1', vendor: SanDisk, product: Cruzer}")
  }

  # --- the service: java.exe with -Xrs (docs/windows-service.md), started by the service control manager.
  # New-Service rather than sc.exe create: the same registration, without native-argument quoting of binPath.
  $binPath = "`"$Java`" -Xrs -Xmx256m -cp `"$AgentClassPath`" io.mamori.agent.cli.AgentCommand service --state-dir `"$AgentState`""
  New-Service -Name $ServiceName -BinaryPathName $binPath -StartupType Manual -DisplayName 'Mamori agent (smoke test)' | Out-Null
  & sc.exe qc $ServiceName | Write-Host
  Start-Service -Name $ServiceName
  Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the service is RUNNING' { (Get-Service $ServiceName).Status -eq 'Running' } | Out-Null

  function Find-Event([string]$Kind) { Find-AgentEvent $TestConsole $AgentId $Kind | Select-Object -First 1 }
  Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the console has the agent''s AGENT_STARTED event' { Find-Event 'AGENT_STARTED' } | Out-Null
  if (-not $SkipFileEvent) {
    Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the console has the stick''s DEVICE_MOUNTED event' {
      @((Invoke-Admin $TestConsole GET "/api/admin/events?agentId=$AgentId&kind=DEVICE_MOUNTED&limit=50" $null).items) |
        Where-Object { $_.deviceSerial -eq 'SMOKE-1' } | Select-Object -First 1
    } | Out-Null
    Set-Content -Path "${Letter}:\smoke-note.txt" -Value 'Mamori Windows smoke test'
    $written = Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the console has a FILE_WRITTEN event for the file on the stick' {
      @((Invoke-Admin $TestConsole GET "/api/admin/events?agentId=$AgentId&kind=FILE_WRITTEN&limit=50" $null).items) |
        Where-Object { $_.filePath -like '*smoke-note.txt' -and $_.deviceSerial -eq 'SMOKE-1' } | Select-Object -First 1
    }
    Write-Host "decided: $($written.action)"
    $agent = Invoke-Admin $TestConsole GET "/api/admin/agents/$AgentId" $null
    Write-Host "media watch: $($agent.mediaWatch.mode) $($agent.mediaWatch.detail)"
  }

  Stop-Service -Name $ServiceName
  Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the service is STOPPED' { (Get-Service $ServiceName).Status -eq 'Stopped' } | Out-Null
  $exit = (& sc.exe query $ServiceName | Select-String 'WIN32_EXIT_CODE').ToString()
  Write-Host "after stop: $exit"
  Wait-Until -TimeoutSeconds $TimeoutSeconds -What 'the console has the agent''s AGENT_STOPPED event (sent on the stop path)' { Find-Event 'AGENT_STOPPED' } | Out-Null
  Write-Host 'smoke test passed'
}
finally {
  if (Get-Service $ServiceName -ErrorAction SilentlyContinue) {
    Stop-Service -Name $ServiceName -ErrorAction SilentlyContinue
    Remove-Service -Name $ServiceName
  }
  if ($TestConsole -and -not $TestConsole.Process.HasExited) { Stop-Process -Id $TestConsole.Process.Id -Force }
  if ($Letter -and (Test-Path $Vhd)) {
    $detach = Join-Path $Work 'detach.txt'
    Set-Content -Path $detach -Encoding ascii -Value @("select vdisk file=`"$Vhd`"", 'detach vdisk')
    & diskpart.exe /s $detach | Write-Host
  }
}
