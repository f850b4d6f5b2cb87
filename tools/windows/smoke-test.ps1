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
$Java = Join-Path $env:JAVA_HOME 'bin\java.exe'
$ServiceName = 'MamoriAgent'
$ConsoleJar = Join-Path $Root 'console\target\mamori-console.jar'
$AgentJar = Join-Path $Root 'agent\target\mamori-agent.jar'
foreach ($file in @($Java, $ConsoleJar, $AgentJar)) {
  if (-not (Test-Path $file)) { throw "missing ${file}: build first (mvn -B -pl console,agent -am -DskipTests package)" }
}
$AgentClassPath = "$AgentJar;$(Join-Path $Root 'agent\target\agent-lib')\*"

function Wait-Until([string]$What, [scriptblock]$Condition) {
  $deadline = (Get-Date).AddSeconds($TimeoutSeconds)
  while ((Get-Date) -lt $deadline) {
    $result = & $Condition
    if ($result) { Write-Host "ok: $What"; return $result }
    Start-Sleep -Seconds 2
  }
  throw "timed out after $TimeoutSeconds s waiting until $What"
}

if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
$ConsoleData = New-Item -ItemType Directory -Force (Join-Path $Work 'console')
$AgentState = New-Item -ItemType Directory -Force (Join-Path $Work 'agent')
$Vhd = Join-Path $Work 'stick.vhdx'
$Letter = $null
$ConsoleOut = Join-Path $Work 'console.out'
$ConsoleErr = Join-Path $Work 'console.err'

# --- the console, as ./mamori demo starts it (Demo.ConsoleProcess)
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start(); $Port = $listener.LocalEndpoint.Port; $listener.Stop()
$env:MAMORI_LANG = 'en'   # the lines read below are the English ones
$console = Start-Process -FilePath $Java -PassThru -NoNewWindow -RedirectStandardOutput $ConsoleOut -RedirectStandardError $ConsoleErr `
  -ArgumentList @('-cp', "`"$ConsoleJar;$(Join-Path $Root 'console\target\lib')\*`"", 'io.mamori.console.ConsoleApplication',
                  '--data-dir', "`"$ConsoleData`"", '--port', "$Port")
try {
  $url = Wait-Until 'the console is running' {
    if (Test-Path $ConsoleOut) {
      $line = Select-String -Path $ConsoleOut -Pattern '^Mamori console is running at (\S+)' | Select-Object -First 1
      if ($line) { $line.Matches[0].Groups[1].Value }
    }
  }
  $Fingerprint = (Select-String -Path $ConsoleOut -Pattern 'TLS certificate SHA-256.*: ([0-9a-fA-F:]+)\s*$' |
    Select-Object -First 1).Matches[0].Groups[1].Value
  $PasswordFile = Join-Path $ConsoleData 'first-run-password.txt'
  $OneTime = (Get-Content -Raw $PasswordFile).Trim()
  $Base = $url.TrimEnd('/')

  # --- the administrator: first sign-in, new password, an enrollment token (session cookie + CSRF header)
  $web = New-Object Microsoft.PowerShell.Commands.WebRequestSession
  function Invoke-Admin([string]$Method, [string]$Path, $Body) {
    $headers = @{}
    if ($script:Csrf) { $headers['X-CSRF-Token'] = $script:Csrf }
    $arguments = @{ Method = $Method; Uri = "$Base$Path"; WebSession = $web; SkipCertificateCheck = $true; Headers = $headers }
    if ($null -ne $Body) { $arguments['Body'] = ($Body | ConvertTo-Json -Compress); $arguments['ContentType'] = 'application/json' }
    $answer = Invoke-RestMethod @arguments
    if ($answer -and ($answer.PSObject.Properties.Name -contains 'csrfToken') -and $answer.csrfToken) { $script:Csrf = $answer.csrfToken }
    return $answer
  }
  $script:Csrf = $null
  $NewPassword = 'Smoke-' + [guid]::NewGuid().ToString('N')
  $signedIn = Invoke-Admin POST '/api/admin/session' @{ username = 'admin'; password = $OneTime }
  if ($signedIn.stage -ne 'PASSWORD_CHANGE') { throw "the console did not ask for a new password (stage $($signedIn.stage))" }
  Invoke-Admin POST '/api/admin/me/password' @{ currentPassword = $OneTime; newPassword = $NewPassword } | Out-Null
  $Token = (Invoke-Admin POST '/api/admin/enrollment-tokens' @{ description = 'windows smoke test'; groupId = 'default'; maxUses = 1; validForHours = 1 }).token

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
    Wait-Until "the virtual stick is ${Letter}:" { Test-Path "${Letter}:\" } | Out-Null
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
  Wait-Until 'the service is RUNNING' { (Get-Service $ServiceName).Status -eq 'Running' } | Out-Null

  function Find-Event([string]$Kind) {
    $page = Invoke-Admin GET "/api/admin/events?agentId=$AgentId&kind=$Kind&limit=50" $null
    return @($page.items) | Where-Object { $_.kind -eq $Kind } | Select-Object -First 1
  }
  Wait-Until 'the console has the agent''s AGENT_STARTED event' { Find-Event 'AGENT_STARTED' } | Out-Null
  if (-not $SkipFileEvent) {
    Wait-Until 'the console has the stick''s DEVICE_MOUNTED event' {
      @((Invoke-Admin GET "/api/admin/events?agentId=$AgentId&kind=DEVICE_MOUNTED&limit=50" $null).items) |
        Where-Object { $_.deviceSerial -eq 'SMOKE-1' } | Select-Object -First 1
    } | Out-Null
    Set-Content -Path "${Letter}:\smoke-note.txt" -Value 'Mamori Windows smoke test'
    $written = Wait-Until 'the console has a FILE_WRITTEN event for the file on the stick' {
      @((Invoke-Admin GET "/api/admin/events?agentId=$AgentId&kind=FILE_WRITTEN&limit=50" $null).items) |
        Where-Object { $_.filePath -like '*smoke-note.txt' -and $_.deviceSerial -eq 'SMOKE-1' } | Select-Object -First 1
    }
    Write-Host "decided: $($written.action)"
    $agent = Invoke-Admin GET "/api/admin/agents/$AgentId" $null
    Write-Host "media watch: $($agent.mediaWatch.mode) $($agent.mediaWatch.detail)"
  }

  Stop-Service -Name $ServiceName
  Wait-Until 'the service is STOPPED' { (Get-Service $ServiceName).Status -eq 'Stopped' } | Out-Null
  $exit = (& sc.exe query $ServiceName | Select-String 'WIN32_EXIT_CODE').ToString()
  Write-Host "after stop: $exit"
  Wait-Until 'the console has the agent''s AGENT_STOPPED event (sent on the stop path)' { Find-Event 'AGENT_STOPPED' } | Out-Null
  Write-Host 'smoke test passed'
}
finally {
  if (Get-Service $ServiceName -ErrorAction SilentlyContinue) {
    Stop-Service -Name $ServiceName -ErrorAction SilentlyContinue
    Remove-Service -Name $ServiceName
  }
  if ($console -and -not $console.HasExited) { Stop-Process -Id $console.Id -Force }
  if ($Letter -and (Test-Path $Vhd)) {
    $detach = Join-Path $Work 'detach.txt'
    Set-Content -Path $detach -Encoding ascii -Value @("select vdisk file=`"$Vhd`"", 'detach vdisk')
    & diskpart.exe /s $detach | Write-Host
  }
}
