# zsh zsh-complete.zsh SCRIPT 'command line': the words zsh's completion offers for the line, one a line.
# An interactive zsh runs in a pseudo-terminal (zpty) with the completion script loaded, the line is typed
# and Tab pressed; compadd is wrapped to print every match instead of showing a menu.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='>'; autoload -U compinit; compinit -u -D; source ${(q)1}"
zpty -w z 'compadd () { local -a hits; builtin compadd -O hits "$@"; print -r -l -- "" "${^hits[@]}<<MATCH"; }'
zpty -w z 'offer () { zle complete-word; print -r -- "" "%%DO""NE%%"; }; zle -N offer; bindkey "^I" offer; print -r -- "%%RE""ADY%%"'
out=''
while zpty -r z line; do out+=$line; [[ $out == *%%READY%%* ]] && break; done
zpty -n -w z "$2"$'\t'
out=''
while zpty -r z line; do out+=$line; [[ $out == *%%DONE%%* ]] && break; done
zpty -d z
print -r -l -- ${(M)${(f)out//$'\r'/}:#*<<MATCH}
